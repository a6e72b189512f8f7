package queue

import (
	"errors"
	"fmt"
	"regexp"
	"time"
)

// Config is how baton uses NATS JetStream.
type Config struct {
	// URL of the NATS server or cluster (comma-separated URLs).
	URL string
	// Prefix names baton's streams (<Prefix>_JOBS, ...) and subjects
	// (<prefix>.jobs...), so several clusters can share one NATS.
	Prefix string
	// Replicas of every stream: 1 for a single server, 3 for a NATS cluster.
	Replicas int
	// AckWait is how long a job may go without an ack or an in-progress
	// heartbeat before JetStream offers it to another prover.
	AckWait time.Duration
	// MaxDeliver bounds deliveries of one job, crashes included; past it
	// the server's advisory moves the job to the dead letters.
	MaxDeliver int
	// RetryBudget bounds a job's transient proving failures; crashes do
	// not count (they never report one). Past it the job is dead-lettered.
	RetryBudget int
	// PassOns bounds how often one attempt of a job is handed back by a
	// prover that failed it before, so that another prover waiting for
	// work takes it; past it the prover proves it anyway. Each hand-back
	// is a delivery, so failures and pass-ons together stay well under
	// MaxDeliver (and a prover never hands back one of a job's last two
	// deliveries).
	PassOns int
	// DupWindow is how long a job's message id is remembered, so that a
	// new leader's re-publication of an open job is dropped.
	DupWindow time.Duration
	// MaxInline is the largest batch input sent inside the job message;
	// larger ones go to the object store.
	MaxInline int
	// Credentials file, and TLS files for an external cluster (optional).
	CredsFile                      string
	TLSCAFile, TLSCert, TLSKeyFile string
}

// DefaultConfig is a single embedded server's setup.
func DefaultConfig() Config {
	return Config{
		Prefix:      "BATON",
		Replicas:    1,
		AckWait:     30 * time.Second,
		MaxDeliver:  10,
		RetryBudget: 3,
		PassOns:     3,
		DupWindow:   time.Hour,
		MaxInline:   512 << 10,
	}
}

var prefixRE = regexp.MustCompile(`^[A-Z][A-Z0-9_]{0,31}$`)

// Validate checks the config without changing it.
func (c Config) Validate() error {
	var errs []error
	if c.URL == "" {
		errs = append(errs, errors.New("nats url is required"))
	}
	if !prefixRE.MatchString(c.Prefix) {
		errs = append(errs, fmt.Errorf("prefix %q: upper-case letters, digits and _, up to 32", c.Prefix))
	}
	if c.Replicas < 1 || c.Replicas > 5 {
		errs = append(errs, fmt.Errorf("replicas %d not in [1, 5]", c.Replicas))
	}
	if c.AckWait < time.Second {
		errs = append(errs, fmt.Errorf("ack wait %v below 1s", c.AckWait))
	}
	if c.MaxDeliver < 2 {
		errs = append(errs, fmt.Errorf("max deliver %d below 2", c.MaxDeliver))
	}
	if c.RetryBudget < 1 {
		errs = append(errs, fmt.Errorf("retry budget %d below 1", c.RetryBudget))
	}
	if c.PassOns < 0 {
		errs = append(errs, fmt.Errorf("pass-ons %d below 0", c.PassOns))
	}
	if c.DupWindow < time.Minute {
		errs = append(errs, fmt.Errorf("duplicate window %v below 1m", c.DupWindow))
	}
	if c.MaxInline < 1024 || c.MaxInline > 4<<20 {
		errs = append(errs, fmt.Errorf("max inline %d not in [1 KiB, 4 MiB]", c.MaxInline))
	}
	return errors.Join(errs...)
}
