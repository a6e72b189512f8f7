package chaos

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/baton-rollup/baton/internal/cli"
)

// Command is `baton chaos`. Its flags are bound here rather than in
// cmd/baton, which is at its size cap. Progress goes to stderr with
// --json (the last stdout line is then the Result), to stdout otherwise.
// A run that finds anything fails with the seed and where its schedule
// is, so that `baton chaos --seed N` replays it.
func Command(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("chaos", flag.ContinueOnError)
	c := DefaultConfig()
	fs.IntVar(&c.Faults, "faults", c.Faults, "faults to inject")
	fs.Uint64Var(&c.Seed, "seed", c.Seed, "seed of the fault schedule (a failed run prints its own)")
	fs.IntVar(&c.Replicas, "replicas", c.Replicas, "sequencer replicas")
	fs.IntVar(&c.Provers, "provers", c.Provers, "prover workers (0: no NATS and no L1, nothing is proven)")
	fs.IntVar(&c.Clients, "clients", c.Clients, "modelled clients, each owning one account")
	fs.BoolVar(&c.Mutate, "mutate", false, "break linearizable reads on purpose (served locally): the run must fail")
	fs.IntVar(&c.BatchSize, "batch-size", c.BatchSize, "circuit slots per batch")
	fs.IntVar(&c.TreeDepth, "tree-depth", c.TreeDepth, "state tree depth")
	fs.IntVar(&c.Accounts, "accounts", c.Accounts, "genesis accounts")
	fs.DurationVar(&c.L1BlockTime, "l1-block-time", c.L1BlockTime, "simulated L1 block time")
	fs.Float64Var(&c.Rate, "rate", c.Rate, "background load in transactions per second")
	fs.DurationVar(&c.FinalityTimeout, "finality-timeout", c.FinalityTimeout, "how long every batch gets to be finalized after the faults")
	fs.StringVar(&c.Dir, "data-dir", "", "where processes keep data and the run its schedule, history and findings (default: a new temporary dir, kept)")
	fs.StringVar(&c.KeysDir, "keys-dir", cli.DefaultKeysDir(), "Groth16 key cache")
	schedPath := fs.String("schedule", "", "replay this schedule.json (from an earlier run's data dir) instead of the seed's")
	asJSON := fs.Bool("json", false, "progress to stderr; the last stdout line is the result as one JSON object")
	if err := cli.ParseFlags(fs, args); err != nil {
		return err
	}
	if *schedPath != "" {
		b, err := os.ReadFile(*schedPath)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(b, &c.Schedule); err != nil {
			return fmt.Errorf("%s: %w", *schedPath, err)
		}
	}
	if c.Dir == "" {
		d, err := os.MkdirTemp("", "baton-chaos-")
		if err != nil {
			return err
		}
		c.Dir = d
	}
	c.Progress = stdout
	if *asJSON {
		c.Progress = os.Stderr
	}
	start := time.Now()
	res, err := Run(ctx, c)
	if res != nil {
		if *asJSON {
			b, jerr := json.Marshal(res)
			if jerr != nil {
				return errors.Join(err, jerr)
			}
			fmt.Fprintln(stdout, string(b))
		} else {
			fmt.Fprintf(stdout, "%d faults, %d operations in %.0f s: linearizable %v, stale reads monotonic %v, %d acknowledged lost, %d forks, %d of %d batches finalized\n",
				res.Faults, res.Ops, time.Since(start).Seconds(), res.Linearizable, res.StaleMonotonic, res.AckedLost, res.Forks, res.BatchesFinalized, res.BatchesSequenced)
			for _, f := range res.Findings {
				fmt.Fprintln(stdout, "finding:", f)
			}
		}
	}
	if err != nil && res != nil {
		// The same flags replay the same schedule (the seed is among
		// them when it was given; the default otherwise).
		return fmt.Errorf("%w; rerun: baton chaos --seed %d %s (or --schedule %s/schedule.json)", err, c.Seed, strings.Join(withoutSeed(args), " "), c.Dir)
	}
	return err
}

// withoutSeed is args less any --seed flag, which the rerun line states.
func withoutSeed(args []string) []string {
	var out []string
	for i := 0; i < len(args); i++ {
		switch a := args[i]; {
		case a == "--seed" || a == "-seed":
			i++
		case strings.HasPrefix(a, "--seed=") || strings.HasPrefix(a, "-seed="):
		default:
			out = append(out, a)
		}
	}
	return out
}
