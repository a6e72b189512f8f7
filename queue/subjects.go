package queue

import (
	"fmt"
	"strconv"
	"strings"
)

// Subjects names baton's subjects and streams under one prefix. Every
// name lives here, so a process that only listens (the devnet's progress
// line, a bench) uses the same names as the one that publishes.
type Subjects struct {
	prefix string // streams and buckets: BATON_JOBS
	lower  string // subjects: baton.jobs...
}

// Subjects returns the names under c's prefix.
func (c Config) Subjects() Subjects {
	return Subjects{prefix: c.Prefix, lower: strings.ToLower(c.Prefix)}
}

// Job is where job batch for circuit is published.
func (s Subjects) Job(circuit string, batch uint64) string {
	return fmt.Sprintf("%s.jobs.%s.%d", s.lower, circuit, batch)
}

// Jobs matches every job of circuit: its provers' consumer filter.
func (s Subjects) Jobs(circuit string) string { return s.lower + ".jobs." + circuit + ".>" }

// AllJobs matches every job of every circuit.
func (s Subjects) AllJobs() string { return s.lower + ".jobs.>" }

// Result is where results for batch are published.
func (s Subjects) Result(batch uint64) string { return fmt.Sprintf("%s.results.%d", s.lower, batch) }

// Results matches every result.
func (s Subjects) Results() string { return s.lower + ".results.>" }

// Heartbeat is where heartbeats for batch go (core NATS, not stored).
func (s Subjects) Heartbeat(batch uint64) string {
	return fmt.Sprintf("%s.heartbeats.%d", s.lower, batch)
}

// Heartbeats matches every heartbeat.
func (s Subjects) Heartbeats() string { return s.lower + ".heartbeats.*" }

// Dead is where batch's dead letter is kept.
func (s Subjects) Dead(batch uint64) string { return fmt.Sprintf("%s.dead.%d", s.lower, batch) }

// AllDead matches every dead letter.
func (s Subjects) AllDead() string { return s.lower + ".dead.>" }

// Stream, bucket and consumer names.
func (s Subjects) jobsStream() string       { return s.prefix + "_JOBS" }
func (s Subjects) resultsStream() string    { return s.prefix + "_RESULTS" }
func (s Subjects) deadStream() string       { return s.prefix + "_DEAD" }
func (s Subjects) advisoriesStream() string { return s.prefix + "_ADVISORIES" }
func (s Subjects) inputsBucket() string     { return s.prefix + "_INPUTS" }
func (s Subjects) failuresBucket() string   { return s.prefix + "_FAILURES" }

// provers is the durable consumer that provers of circuit share.
func (s Subjects) provers(circuit string) string { return "provers-" + circuit }

// Durable consumers every process shares, whatever the prefix (each
// lives in its own stream).
const (
	acceptorConsumer     = "acceptor"      // the leader's, of results
	deadLettererConsumer = "dead-letterer" // of the advisories
)

// batchOf reads the batch number that ends a job or dead-letter subject.
func batchOf(subject string) (uint64, error) {
	return strconv.ParseUint(subject[strings.LastIndexByte(subject, '.')+1:], 10, 64)
}

// exhausted matches the server's max-deliveries advisories of the jobs
// stream.
func (s Subjects) exhausted() string {
	return "$JS.EVENT.ADVISORY.CONSUMER.MAX_DELIVERIES." + s.jobsStream() + ".>"
}
