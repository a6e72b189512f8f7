package cli

import (
	"bytes"
	"flag"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestParseFlagsLayers: the command line wins over BATON_* variables,
// which win over the --config file; the file's values are taken as
// written; a bad file is refused naming --config.
func TestParseFlagsLayers(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.yaml")
	newFS := func() (*flag.FlagSet, *string, *int, *bool, *time.Duration, *string, *uint64) {
		fs := flag.NewFlagSet("test", flag.ContinueOnError)
		return fs, fs.String("id", "", ""), fs.Int("max-txs", 1, ""), fs.Bool("empty", false, ""),
			fs.Duration("wait", time.Second, ""), fs.String("nats", "", ""), fs.Uint64("window", 0, "")
	}
	if err := os.WriteFile(path, []byte("id: from-file\nmax-txs: 8\nempty: true\nwait: 3s\nnats: nats://file\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("BATON_NATS", "nats://env")
	fs, id, maxTxs, empty, wait, nats, _ := newFS()
	if err := ParseFlags(fs, []string{"--config", path, "--max-txs", "16"}); err != nil {
		t.Fatal(err)
	}
	if *id != "from-file" || *maxTxs != 16 || !*empty || *wait != 3*time.Second || *nats != "nats://env" {
		t.Fatalf("id %q max-txs %d empty %v wait %v nats %q", *id, *maxTxs, *empty, *wait, *nats)
	}
	if err := os.WriteFile(path, []byte("id: 0777\nnats: no\nwindow: 9007199254740993\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("BATON_NATS", "")
	os.Unsetenv("BATON_NATS")
	fs, id, _, _, _, nats, window := newFS()
	if err := ParseFlags(fs, []string{"--config", path}); err != nil {
		t.Fatal(err)
	}
	if *id != "0777" || *nats != "no" || *window != 1<<53+1 {
		t.Fatalf("scalars not as written: %q %q %d", *id, *nats, *window)
	}
	for _, bad := range []string{"max-tx: 8\n", "max-txs: many\n", "- a list\n", "id: a\nid: b\n", "id: [a]\n", "id:\n", "id: a\n---\nid: b\n"} {
		if err := os.WriteFile(path, []byte(bad), 0o600); err != nil {
			t.Fatal(err)
		}
		fs, _, _, _, _, _, _ := newFS()
		if err := ParseFlags(fs, []string{"--config", path}); err == nil || !strings.Contains(err.Error(), "--config") {
			t.Errorf("config %q: %v, want an error naming --config", bad, err)
		}
	}
	t.Setenv("BATON_MAX_TXS", "lots")
	fs, _, _, _, _, _, _ = newFS()
	if err := ParseFlags(fs, nil); err == nil || !strings.Contains(err.Error(), "BATON_MAX_TXS") {
		t.Errorf("a bad environment value: %v", err)
	}
}

func TestLoggerAndGauge(t *testing.T) {
	var buf bytes.Buffer
	log, err := NewLogger("warn", "json", &buf)
	if err != nil {
		t.Fatal(err)
	}
	log.Info("hidden")
	log.Warn("shown", "k", 1)
	if s := buf.String(); strings.Contains(s, "hidden") || !strings.Contains(s, `"msg":"shown"`) {
		t.Fatalf("log: %s", s)
	}
	if _, err := NewLogger("loud", "text", &buf); err == nil {
		t.Fatal("level loud accepted")
	}
	if _, err := NewLogger("info", "xml", &buf); err == nil {
		t.Fatal("format xml accepted")
	}
	reg, stop := ServeMetrics("", slog.New(slog.DiscardHandler))
	defer stop()
	up := true
	UpGauge(reg, "test_up", "1 while up.", func() bool { return up })
	read := func() float64 {
		fams, err := reg.Gather()
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range fams {
			if f.GetName() == "test_up" {
				return f.GetMetric()[0].GetGauge().GetValue()
			}
		}
		t.Fatal("no test_up")
		return 0
	}
	if read() != 1 {
		t.Fatal("up reads 0")
	}
	up = false
	if read() != 0 {
		t.Fatal("down reads 1")
	}
}

// TestSizes: a list of batch sizes replaces the default; a bad entry is
// refused and leaves the default as it was.
func TestSizes(t *testing.T) {
	sizes := []int{1, 2}
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Var(Sizes{To: &sizes}, "sizes", "")
	if err := fs.Parse([]string{"--sizes", "4, 16,64,256"}); err != nil || !slices.Equal(sizes, []int{4, 16, 64, 256}) {
		t.Fatalf("sizes %v, err %v", sizes, err)
	}
	for _, bad := range []string{"4,x", "0", "2000", ""} {
		if err := fs.Parse([]string{"--sizes", bad}); err == nil || !slices.Equal(sizes, []int{4, 16, 64, 256}) {
			t.Errorf("--sizes %q: err %v, sizes %v", bad, err, sizes)
		}
	}
	if got := (Sizes{To: &sizes}).String(); got != "4,16,64,256" {
		t.Errorf("String %q", got)
	}
}
