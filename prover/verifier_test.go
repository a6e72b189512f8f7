package prover

import (
	"errors"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/internal/racecheck"
)

// TestLoadVerifierWithoutCompiling: the verifier is found by the key
// directories' circuit.json, not by compiling. A copy of the keys under a
// made-up id (which no compile gives) is taken when it is the newest
// setup of the circuit, with a note; the real one when it is; a setup of
// other params, or one still under its temporary name, is never taken.
// The keys' ID, KeyID and Tag are the directory's, as a prover's are.
func TestLoadVerifierWithoutCompiling(t *testing.T) {
	if testing.Short() || racecheck.Enabled {
		t.Skip("Groth16 setup takes a while (and far longer under -race); make test runs it without")
	}
	p := Params{BatchSize: 1, Depth: 2, ChainID: fsm.DefaultConfig().ChainID}
	dir := t.TempDir()
	k, _, err := Setup(dir, p, nil)
	if err != nil {
		t.Fatal(err)
	}
	v, err := LoadVerifier(dir, p)
	if err != nil {
		t.Fatal(err)
	}
	if v.ID != k.ID || v.KeyID() != k.KeyID() || v.Tag() != k.Tag() || v.Note != "" || v.Constraints() != 0 {
		t.Fatalf("verifier %s %s %q %d, prover %s %s", v.KeyID(), v.Tag(), v.Note, v.Constraints(), k.KeyID(), k.Tag())
	}

	fake := strings.Repeat("ab", 32)
	copyKeys(t, filepath.Join(dir, k.ID), filepath.Join(dir, fake), map[string]string{k.ID: fake})
	other := p
	other.ChainID++
	otherID := strings.Repeat("cd", 32)
	copyKeys(t, filepath.Join(dir, k.ID), filepath.Join(dir, otherID), map[string]string{k.ID: otherID, `"chain_id": ` + itoa(p.ChainID): `"chain_id": ` + itoa(other.ChainID)})
	copyKeys(t, filepath.Join(dir, k.ID), filepath.Join(dir, "setup-123"), nil)
	now := time.Now()
	age := func(id string, d time.Duration) {
		if err := os.Chtimes(filepath.Join(dir, id, "circuit.json"), now.Add(-d), now.Add(-d)); err != nil {
			t.Fatal(err)
		}
	}
	age(k.ID, time.Hour)
	age(fake, time.Minute)
	age(otherID, 0)
	age("setup-123", 0)
	v, err = LoadVerifier(dir, p)
	if err != nil || v.ID != fake || !strings.Contains(v.Note, "2 key directories") {
		t.Fatalf("newest is the copy: id %s, note %q, %v", v.ID[:16], v.Note, err)
	}
	age(k.ID, 0)
	if v, err = LoadVerifier(dir, p); err != nil || v.ID != k.ID || v.Note == "" {
		t.Fatalf("newest is the setup: id %s, note %q, %v", v.ID[:16], v.Note, err)
	}
	if v, err = LoadVerifier(dir, other); err != nil || v.ID != otherID || v.Note != "" {
		t.Fatalf("other params: %+v, %v", v, err)
	}
}

// copyKeys copies a key directory, replacing text in its circuit.json.
func copyKeys(t *testing.T, from, to string, replace map[string]string) {
	t.Helper()
	if err := os.MkdirAll(to, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"vk.bin", "circuit.json"} {
		b, err := os.ReadFile(filepath.Join(from, name))
		if err != nil {
			t.Fatal(err)
		}
		if name == "circuit.json" {
			s := string(b)
			for old, new := range replace {
				if !strings.Contains(s, old) {
					t.Fatalf("circuit.json has no %q: %s", old, s)
				}
				s = strings.ReplaceAll(s, old, new)
			}
			b = []byte(s)
		}
		if err := os.WriteFile(filepath.Join(to, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func itoa(n uint64) string { return strconv.FormatUint(n, 10) }

// TestLoadVerifierRefuses: no keys dir, no setup of the circuit, and bad
// params are errors that say so.
func TestLoadVerifierRefuses(t *testing.T) {
	p := Params{BatchSize: 2, Depth: 3, ChainID: 7}
	dir := t.TempDir()
	if _, err := LoadVerifier(filepath.Join(dir, "none"), p); !errors.Is(err, os.ErrNotExist) || !strings.Contains(err.Error(), "baton setup") {
		t.Fatalf("no keys dir: %v", err)
	}
	id := strings.Repeat("ef", 32)
	if err := os.MkdirAll(filepath.Join(dir, id), 0o755); err != nil {
		t.Fatal(err)
	}
	other := p
	other.BatchSize = 4
	meta := `{"batch_size": 4, "tree_depth": 3, "chain_id": 7, "fee_account": 0, "id": "` + id + `"}`
	if err := os.WriteFile(filepath.Join(dir, id, "circuit.json"), []byte(meta), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadVerifier(dir, p); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("only another size set up: %v", err)
	}
	// Found by its circuit.json, but its verifying key is missing.
	if _, err := LoadVerifier(dir, other); err == nil || !strings.Contains(err.Error(), "vk.bin") {
		t.Fatalf("no vk.bin: %v", err)
	}
	p.Depth = 1
	if _, err := LoadVerifier(dir, p); err == nil || !strings.Contains(err.Error(), "depth") {
		t.Fatalf("bad params: %v", err)
	}
}
