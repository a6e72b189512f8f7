package prover

import (
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"time"
)

// circuitMeta is a key directory's circuit.json: what was set up there.
type circuitMeta struct {
	Params
	ID string `json:"id"`
}

// LoadVerifier loads only the verifying key of circuit p, without
// compiling it: the sequencer verifies every size of its chain, and
// compiling a large circuit takes minutes and gigabytes. The directory is
// found by the circuit.json files of keysDir whose Params equal p (each
// names the compiled circuit's hash, which is also its directory's name).
//
// Several directories match when the circuit changed since an older
// setup: the newest (by circuit.json's time, which every load that
// compiles — baton setup, a prover, the devnet — moves to now) is taken
// and Note says so. It is still a guess a compile would not need to make;
// a prover's keys are checked all the same, as its Tag and KeyID carry
// the directory's id and the verifying key's hash, so a wrong guess shows
// as jobs no prover takes (baton_proof_job_queue_depth grows, and the
// leader warns of jobs waiting under a circuit no prover serves), never
// as a proof accepted with the wrong keys. The keys have no
// constraint system: Constraints is 0 and they cannot prove.
func LoadVerifier(keysDir string, p Params) (*Keys, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	found, err := setupsOf(keysDir, p)
	if err != nil {
		return nil, err
	}
	if len(found) == 0 {
		return nil, fmt.Errorf("no keys for circuit %s in %s: run baton setup: %w", p, keysDir, os.ErrNotExist)
	}
	k := &Keys{Params: p, ID: found[0].id}
	if len(found) > 1 {
		k.Note = fmt.Sprintf("%d key directories for circuit %s in %s; took the newest, %s (set up %s)",
			len(found), p, keysDir, k.ID[:16], found[0].made.Format(time.RFC3339))
	}
	if err := k.readKeys(keyDir(keysDir, k.ID), false); err != nil {
		return nil, fmt.Errorf("keys for circuit %s: %w", p, err)
	}
	return k, nil
}

// setup is one key directory of a circuit.
type setup struct {
	id   string
	made time.Time // circuit.json's modification time
}

// setupsOf lists the key directories set up for p, newest first. A
// directory whose circuit.json does not name it (a setup still being
// written, under its temporary name), or cannot be read, is skipped.
func setupsOf(keysDir string, p Params) ([]setup, error) {
	entries, err := os.ReadDir(keysDir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("keys dir: %w", err)
	}
	var found []setup
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		path := filepath.Join(keysDir, e.Name(), "circuit.json")
		b, err := os.ReadFile(path)
		if err != nil {
			continue
		}
		var m circuitMeta
		if json.Unmarshal(b, &m) != nil || len(m.ID) != sha256.Size*2 || m.ID != e.Name() || m.Params != p {
			continue
		}
		fi, err := os.Stat(path)
		if err != nil {
			continue
		}
		found = append(found, setup{id: m.ID, made: fi.ModTime()})
	}
	sort.Slice(found, func(i, j int) bool { return found[i].made.After(found[j].made) })
	return found, nil
}
