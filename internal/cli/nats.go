package cli

import (
	"flag"

	"github.com/baton-rollup/baton/queue"
)

// NATSFlags bind queue.Config: the prover farm's JetStream, as replicas
// and provers reach it.
type NATSFlags struct{ Config queue.Config }

// BindNATSFlags adds the connection flags (BindNATSConnFlags) and the
// job settings to fs.
func BindNATSFlags(fs *flag.FlagSet) *NATSFlags {
	f := BindNATSConnFlags(fs, "NATS URL(s) of the prover farm's JetStream (empty: no provers)")
	d, c := queue.DefaultConfig(), &f.Config
	fs.IntVar(&c.Replicas, "nats-replicas", d.Replicas, "stream replicas (3 on a NATS cluster)")
	fs.DurationVar(&c.AckWait, "job-ack-wait", d.AckWait, "a job without an ack or heartbeat this long goes to another prover")
	fs.IntVar(&c.MaxDeliver, "job-max-deliver", d.MaxDeliver, "deliveries of a job before it is dead-lettered")
	fs.IntVar(&c.RetryBudget, "job-retry-budget", d.RetryBudget, "transient proving failures of a job before it is dead-lettered")
	fs.IntVar(&c.PassOns, "job-pass-ons", d.PassOns, "times per attempt a prover that failed a job hands it to a waiting prover instead of proving it again")
	return f
}

// BindNATSConnFlags adds only what reaches NATS: --nats (use says what
// for), --nats-prefix, credentials and TLS. The rest of Config keeps its
// defaults.
func BindNATSConnFlags(fs *flag.FlagSet, use string) *NATSFlags {
	d := queue.DefaultConfig()
	f := &NATSFlags{Config: d}
	c := &f.Config
	fs.StringVar(&c.URL, "nats", "", use)
	fs.StringVar(&c.Prefix, "nats-prefix", d.Prefix, "stream name prefix, so clusters can share a NATS")
	fs.StringVar(&c.CredsFile, "nats-creds", "", "NATS credentials file")
	fs.StringVar(&c.TLSCAFile, "nats-tls-ca", "", "CA file for NATS TLS")
	fs.StringVar(&c.TLSCert, "nats-tls-cert", "", "client certificate for NATS TLS")
	fs.StringVar(&c.TLSKeyFile, "nats-tls-key", "", "client key for NATS TLS")
	return f
}
