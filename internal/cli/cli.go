// Package cli is the plumbing every baton command shares besides its
// flags: flag values layered from the command line, the environment and a
// config file; a logger; a Prometheus endpoint. The flags themselves are
// defined in cmd/baton only.
package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"go.yaml.in/yaml/v3"
)

// ParseFlags parses args, then fills every flag not given on the command
// line from BATON_<NAME> in the environment, then from the --config file
// (YAML or JSON: flag name → value). One source of defaults, the flag
// definitions; the command line wins over the environment, which wins
// over the file. Every subcommand gets --config this way.
func ParseFlags(fs *flag.FlagSet, args []string) error {
	if fs.Lookup("config") == nil {
		fs.String("config", "", "file of flag values (YAML or JSON: name: value); command-line flags and BATON_* variables win over it")
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var errs []error
	fs.VisitAll(func(f *flag.Flag) {
		if set[f.Name] {
			return
		}
		env := "BATON_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v, ok := os.LookupEnv(env); ok {
			if err := fs.Set(f.Name, v); err != nil {
				errs = append(errs, fmt.Errorf("%s: %w", env, err))
			}
			set[f.Name] = true
		}
	})
	if err := errors.Join(errs...); err != nil {
		return err
	}
	path := fs.Lookup("config").Value.String()
	if path == "" {
		return nil
	}
	return applyConfigFile(fs, path, set)
}

// applyConfigFile sets the flags the file names, except those already
// set. A name no flag has is an error, not a silent no-op: a typo in a
// config file should not fall back to a default. Values are taken as
// the file writes them and parsed by the flag itself, as on the command
// line: YAML's own typing would turn a token "0777" into 511 and "no" into
// false, and a large number into a float.
func applyConfigFile(fs *flag.FlagSet, path string, set map[string]bool) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("--config: %w", err)
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&doc); err != nil && !errors.Is(err, io.EOF) {
		return fmt.Errorf("--config %s: %w", path, err)
	}
	// A second document would be ignored: better said than guessed at.
	var more yaml.Node
	if err := dec.Decode(&more); !errors.Is(err, io.EOF) {
		return fmt.Errorf("--config %s: one YAML document only", path)
	}
	if len(doc.Content) == 0 {
		return nil // an empty file sets nothing
	}
	m := doc.Content[0]
	if m.Kind != yaml.MappingNode {
		return fmt.Errorf("--config %s: want a map of flag names to values", path)
	}
	var errs []error
	seen := map[string]bool{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		name := k.Value
		f := fs.Lookup(name)
		switch {
		case k.Kind != yaml.ScalarNode || f == nil || name == "config":
			errs = append(errs, fmt.Errorf("--config %s:%d: %q is not a flag of baton %s", path, k.Line, name, fs.Name()))
			continue
		case seen[name]:
			errs = append(errs, fmt.Errorf("--config %s:%d: %s given twice", path, k.Line, name))
			continue
		case v.Kind != yaml.ScalarNode || v.Tag == "!!null":
			errs = append(errs, fmt.Errorf("--config %s:%d: %s: want a string, number or boolean", path, v.Line, name))
			continue
		}
		seen[name] = true
		if set[name] {
			continue
		}
		if err := fs.Set(name, v.Value); err != nil {
			errs = append(errs, fmt.Errorf("--config %s:%d: %s: %w", path, v.Line, name, err))
		}
	}
	return errors.Join(errs...)
}

// NewLogger is a slog logger at level ("debug", "info", "warn", "error")
// writing format ("text" or "json") to w.
func NewLogger(level, format string, w io.Writer) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("log level: %w", err)
	}
	opts := &slog.HandlerOptions{Level: l}
	switch format {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("log format %q: want text or json", format)
}

// UpGauge exports f as a 0/1 gauge.
func UpGauge(reg prometheus.Registerer, name, help string, f func() bool) {
	reg.MustRegister(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: name, Help: help}, func() float64 {
		if f() {
			return 1
		}
		return 0
	}))
}

// ServeMetrics makes a registry with the Go and process collectors and,
// when addr is set, serves it on /metrics until stop is called.
func ServeMetrics(addr string, log *slog.Logger) (reg *prometheus.Registry, stop func()) {
	reg = prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	if addr == "" {
		return reg, func() {}
	}
	srv := &http.Server{Addr: addr, Handler: promhttp.HandlerFor(reg, promhttp.HandlerOpts{}), ReadHeaderTimeout: 5 * time.Second}
	go func() {
		if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			log.Error("metrics server", "err", err)
		}
	}()
	return reg, func() { _ = srv.Close() }
}

// Sizes is a flag.Value of comma-separated batch sizes (circuit slots),
// each in [1, 1024]: `--sizes 4,16,64,256`.
type Sizes struct{ To *[]int }

func (s Sizes) String() string {
	if s.To == nil {
		return ""
	}
	parts := make([]string, len(*s.To))
	for i, n := range *s.To {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, ",")
}

// Set parses the list, replacing the default; a bad entry changes nothing.
func (s Sizes) Set(v string) error {
	var out []int
	for _, f := range strings.Split(v, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 || n > 1024 {
			return fmt.Errorf("%q is not a batch size in [1, 1024]", f)
		}
		out = append(out, n)
	}
	*s.To = out
	return nil
}

// DefaultKeysDir is where Groth16 keys are cached unless a flag says
// otherwise: a per-user cache, since keys are keyed by circuit hash and
// every chain and run on the machine can share them.
func DefaultKeysDir() string {
	d, err := os.UserCacheDir()
	if err != nil {
		d = os.TempDir()
	}
	return filepath.Join(d, "baton", "keys")
}
