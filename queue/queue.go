// Package queue carries proof jobs and results over NATS JetStream: stream
// and consumer setup, every subject name, the versioned envelopes, publish
// and fetch helpers, and the dead letters. Callers settle what they fetch
// through Delivery and never see JetStream's types. It knows nothing of
// batches beyond their numbers.
package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// Queue is a connection to baton's streams.
type Queue struct {
	cfg     Config
	log     *slog.Logger
	nc      *nats.Conn
	js      jetstream.JetStream
	jobs    jetstream.Stream
	dead    jetstream.Stream
	objects jetstream.ObjectStore
	budget  jetstream.KeyValue
	names   Subjects
}

// JobSubject is where job batch for circuit is published.
func (q *Queue) JobSubject(circuit string, batch uint64) string { return q.names.Job(circuit, batch) }

// Connect opens a connection and makes sure every stream, consumer and
// bucket exists with this config (creating or updating them is
// idempotent, so every process may do it). A server that does not answer
// yet is waited for, until ctx ends, saying so every few seconds: a NATS
// outage must not make a replica or a prover that (re)starts during it
// exit, as the outage would then outlast itself.
func Connect(ctx context.Context, cfg Config, name string, log *slog.Logger) (*Queue, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	nc, err := dial(cfg, name, nats.RetryOnFailedConnect(true))
	if err != nil {
		return nil, err
	}
	q := &Queue{cfg: cfg, log: log, nc: nc, names: cfg.Subjects()}
	wait, said := 250*time.Millisecond, time.Time{}
	for ; ; wait = min(2*wait, 2*time.Second) {
		sctx, cancel := context.WithTimeout(ctx, setupTimeout)
		err := q.setup(sctx)
		cancel()
		if err == nil {
			return q, nil
		}
		if ctx.Err() != nil {
			nc.Close()
			return nil, fmt.Errorf("nats %s: %w (last: %w)", cfg.URL, ctx.Err(), err)
		}
		if time.Since(said) > 5*time.Second {
			log.Warn("waiting for NATS", "url", cfg.URL, "err", err)
			said = time.Now()
		}
		select {
		case <-ctx.Done():
		case <-time.After(wait):
		}
	}
}

// setupTimeout bounds one try at the streams and buckets.
const setupTimeout = 5 * time.Second

// dial opens cfg's connection: credentials, TLS, reconnecting forever
// every 250 ms; extra options come after (a listener's handlers).
func dial(cfg Config, name string, extra ...nats.Option) (*nats.Conn, error) {
	opts := []nats.Option{nats.Name(name), nats.MaxReconnects(-1), nats.ReconnectWait(250 * time.Millisecond)}
	if cfg.CredsFile != "" {
		opts = append(opts, nats.UserCredentials(cfg.CredsFile))
	}
	if cfg.TLSCAFile != "" {
		opts = append(opts, nats.RootCAs(cfg.TLSCAFile))
	}
	if cfg.TLSCert != "" {
		opts = append(opts, nats.ClientCert(cfg.TLSCert, cfg.TLSKeyFile))
	}
	nc, err := nats.Connect(cfg.URL, append(opts, extra...)...)
	if err != nil {
		return nil, fmt.Errorf("connect to nats %s: %w", cfg.URL, err)
	}
	return nc, nil
}

func (q *Queue) setup(ctx context.Context) error {
	js, err := jetstream.New(q.nc)
	if err != nil {
		return err
	}
	q.js = js
	// Jobs: a work queue, so an acked job is gone and each is handed to
	// one prover at a time; file storage survives a server restart.
	if q.jobs, err = js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name: q.names.jobsStream(), Subjects: []string{q.names.AllJobs()},
		Retention: jetstream.WorkQueuePolicy, Storage: jetstream.FileStorage,
		Replicas: q.cfg.Replicas, Duplicates: q.cfg.DupWindow,
	}); err != nil {
		return fmt.Errorf("jobs stream: %w", err)
	}
	if _, err = js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name: q.names.resultsStream(), Subjects: []string{q.names.Results()},
		Retention: jetstream.WorkQueuePolicy, Storage: jetstream.FileStorage,
		Replicas: q.cfg.Replicas, Duplicates: q.cfg.DupWindow,
	}); err != nil {
		return fmt.Errorf("results stream: %w", err)
	}
	// Dead letters stay until an operator replays or discards them.
	if q.dead, err = js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name: q.names.deadStream(), Subjects: []string{q.names.AllDead()},
		Storage: jetstream.FileStorage, Replicas: q.cfg.Replicas, MaxMsgsPerSubject: 1,
	}); err != nil {
		return fmt.Errorf("dead-letter stream: %w", err)
	}
	// The server's max-deliveries advisories are core NATS messages, lost
	// if nobody listens at that moment: a stream keeps them until the
	// leader moves the jobs they name to the dead letters.
	if _, err = js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:      q.names.advisoriesStream(),
		Subjects:  []string{q.names.exhausted()},
		Retention: jetstream.WorkQueuePolicy, Storage: jetstream.FileStorage, Replicas: q.cfg.Replicas,
	}); err != nil {
		return fmt.Errorf("advisories stream: %w", err)
	}
	if q.objects, err = js.CreateOrUpdateObjectStore(ctx, jetstream.ObjectStoreConfig{
		Bucket: q.names.inputsBucket(), Storage: jetstream.FileStorage, Replicas: q.cfg.Replicas,
	}); err != nil {
		return fmt.Errorf("input object store: %w", err)
	}
	if q.budget, err = js.CreateOrUpdateKeyValue(ctx, jetstream.KeyValueConfig{
		Bucket: q.names.failuresBucket(), Storage: jetstream.FileStorage, Replicas: q.cfg.Replicas, TTL: 24 * time.Hour,
	}); err != nil {
		return fmt.Errorf("failure budget bucket: %w", err)
	}
	return nil
}

// Close drains the connection, so acks and publishes in flight are sent.
func (q *Queue) Close() {
	if err := q.nc.Drain(); err != nil {
		q.nc.Close()
	}
}

// Conn is the underlying connection (for subscriptions such as heartbeats).
func (q *Queue) Conn() *nats.Conn { return q.nc }

// Config returns the queue's config.
func (q *Queue) Config() Config { return q.cfg }

func jobMsgID(batch uint64, attempt uint32) string { return fmt.Sprintf("job-%d-%d", batch, attempt) }

func inputObject(batch uint64, attempt uint32) string {
	return fmt.Sprintf("batch-%d-%d", batch, attempt)
}

// PublishJob publishes j, putting its input in the object store first when
// it is too large for a message. duplicate is true when JetStream dropped
// it as a repeat of the same batch and attempt.
func (q *Queue) PublishJob(ctx context.Context, j *Job, input []byte) (duplicate bool, err error) {
	j.V = Version
	j.Input, j.InputObject = nil, ""
	if len(input) > q.cfg.MaxInline {
		name := inputObject(j.Batch, j.Attempt)
		// A repeat (a new leader re-publishing) must not rewrite the
		// object under a prover that is reading it.
		if _, err := q.objects.GetInfo(ctx, name); errors.Is(err, jetstream.ErrObjectNotFound) {
			if _, err := q.objects.PutBytes(ctx, name, input); err != nil {
				return false, fmt.Errorf("store input of batch %d: %w", j.Batch, err)
			}
		} else if err != nil {
			return false, fmt.Errorf("input of batch %d: %w", j.Batch, err)
		}
		j.InputObject = name
	} else {
		j.Input = input
	}
	if j.PublishedMs == 0 {
		j.PublishedMs = time.Now().UnixMilli()
	}
	data, err := json.Marshal(j)
	if err != nil {
		return false, err
	}
	ack, err := q.js.Publish(ctx, q.names.Job(j.Circuit, j.Batch), data, jetstream.WithMsgID(jobMsgID(j.Batch, j.Attempt)))
	if err != nil {
		return false, fmt.Errorf("publish job %d: %w", j.Batch, err)
	}
	return ack.Duplicate, nil
}

// Input returns a job's batch input, from the message or the object store.
func (q *Queue) Input(ctx context.Context, j *Job) ([]byte, error) {
	if j.InputObject == "" {
		return j.Input, nil
	}
	b, err := q.objects.GetBytes(ctx, j.InputObject)
	if err != nil {
		return nil, fmt.Errorf("fetch input %s: %w", j.InputObject, err)
	}
	return b, nil
}

// DropInput removes a proven job's stored input, if it had one.
func (q *Queue) DropInput(ctx context.Context, batch uint64, attempt uint32) {
	if err := q.objects.Delete(ctx, inputObject(batch, attempt)); err != nil && !errors.Is(err, jetstream.ErrObjectNotFound) {
		q.log.Debug("drop job input", "batch", batch, "err", err)
	}
}

// Jobs returns the durable pull consumer that provers of circuit share:
// explicit acks, bounded AckWait, MaxDeliver, and one job in flight per
// fetch, delivered in stream order (lowest batch first).
func (q *Queue) Jobs(ctx context.Context, circuit string) (*JobConsumer, error) {
	c, err := q.js.CreateOrUpdateConsumer(ctx, q.names.jobsStream(), jetstream.ConsumerConfig{
		Durable:       q.names.provers(circuit),
		FilterSubject: q.names.Jobs(circuit),
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       q.cfg.AckWait,
		MaxDeliver:    q.cfg.MaxDeliver,
		MaxAckPending: 1024,
	})
	if err != nil {
		return nil, err
	}
	return &JobConsumer{c: c}, nil
}

// PendingJobs is the number of jobs of circuit not yet taken or acked.
func (q *Queue) PendingJobs(ctx context.Context, circuit string) (uint64, error) {
	info, err := q.proversInfo(ctx, circuit)
	if err != nil {
		return 0, err
	}
	return info.NumPending + uint64(info.NumAckPending), nil
}

// CircuitJobs are one circuit's jobs as its provers' consumer sees them.
type CircuitJobs struct {
	// Pending: not yet taken; InFlight: taken, not yet acked; Waiting:
	// provers' fetches waiting for work.
	Pending, InFlight uint64
	Waiting           int
}

// JobsOf samples circuit's jobs. The provers' consumer is made if no
// prover made it yet (the same one a prover makes), so jobs waiting for
// a circuit no prover serves are counted, not hidden.
func (q *Queue) JobsOf(ctx context.Context, circuit string) (CircuitJobs, error) {
	info, err := q.proversInfo(ctx, circuit)
	if errors.Is(err, jetstream.ErrConsumerNotFound) {
		if _, err = q.Jobs(ctx, circuit); err == nil {
			info, err = q.proversInfo(ctx, circuit)
		}
	}
	if err != nil {
		return CircuitJobs{}, err
	}
	return CircuitJobs{Pending: info.NumPending, InFlight: uint64(info.NumAckPending), Waiting: info.NumWaiting}, nil
}

// WaitingProvers is the number of fetches waiting on circuit's jobs: how
// many provers are asking for work right now.
func (q *Queue) WaitingProvers(ctx context.Context, circuit string) (int, error) {
	info, err := q.proversInfo(ctx, circuit)
	if err != nil {
		return 0, err
	}
	return info.NumWaiting, nil
}

func (q *Queue) proversInfo(ctx context.Context, circuit string) (*jetstream.ConsumerInfo, error) {
	c, err := q.js.Consumer(ctx, q.names.jobsStream(), q.names.provers(circuit))
	if err != nil {
		return nil, err
	}
	return c.Info(ctx)
}

// PublishResult publishes a prover's result; a repeat of the same
// prover's result for the same attempt is dropped.
func (q *Queue) PublishResult(ctx context.Context, r *Result) error {
	r.V = Version
	data, err := json.Marshal(r)
	if err != nil {
		return err
	}
	id := fmt.Sprintf("result-%d-%d-%s", r.Batch, r.Attempt, r.Prover)
	if _, err := q.js.Publish(ctx, q.names.Result(r.Batch), data, jetstream.WithMsgID(id)); err != nil {
		return fmt.Errorf("publish result %d: %w", r.Batch, err)
	}
	return nil
}

// Heartbeat publishes h on core NATS.
func (q *Queue) Heartbeat(h Heartbeat) error {
	h.V = Version
	data, err := json.Marshal(h)
	if err != nil {
		return err
	}
	return q.nc.Publish(q.names.Heartbeat(h.Batch), data)
}

// RetryBudget is the configured number of transient failures allowed.
func (q *Queue) RetryBudget() int { return q.cfg.RetryBudget }
