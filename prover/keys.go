package prover

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/consensys/gnark-crypto/ecc"
	"github.com/consensys/gnark/backend/groth16"
	"github.com/consensys/gnark/constraint"
	"github.com/consensys/gnark/frontend"
	"github.com/consensys/gnark/frontend/cs/r1cs"
)

// Keys are one circuit's compiled constraint system and Groth16 keys.
//
// The keys come from a single-party setup: whoever ran it knows the toxic
// waste and could forge proofs. That is fine for a devnet; production keys
// need a multi-party ceremony (README).
type Keys struct {
	Params Params
	// ID is the hex SHA-256 of the compiled constraint system: keys are
	// cached under it, so a changed circuit never meets stale keys.
	ID string
	// Note, from LoadVerifier only, says which of several key
	// directories for these Params it took (an older setup of a changed
	// circuit is left behind); empty when there was one.
	Note string
	vkID string                      // hex SHA-256 of the verifying key
	ccs  constraint.ConstraintSystem // nil when loaded only to verify
	pk   groth16.ProvingKey          // nil when loaded only to verify
	vk   groth16.VerifyingKey
}

// Compile builds the constraint system for p and its ID.
func Compile(p Params) (constraint.ConstraintSystem, string, error) {
	if err := p.Validate(); err != nil {
		return nil, "", err
	}
	ccs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, NewCircuit(p))
	if err != nil {
		return nil, "", fmt.Errorf("compile circuit %s: %w", p, err)
	}
	h := sha256.New()
	if _, err := ccs.WriteTo(h); err != nil {
		return nil, "", fmt.Errorf("hash circuit: %w", err)
	}
	return ccs, hex.EncodeToString(h.Sum(nil)), nil
}

// KeyID names circuit and keys together: jobs carry it, and a prover whose
// keys differ (another setup of the same circuit) refuses the job, since
// its proofs would not verify.
func (k *Keys) KeyID() string { return k.ID[:16] + "-" + k.vkID[:16] }

// Tag is the circuit's size: b<B>d<D>.
func (p Params) Tag() string { return fmt.Sprintf("b%dd%d", p.BatchSize, p.Depth) }

// CountConstraints compiles the circuit for p, with or without its SHA-256
// data commitment, and returns its size: what the commitment costs.
func CountConstraints(p Params, withCommitment bool) (int, error) {
	c := NewCircuit(p)
	c.noCommitment = !withCommitment
	ccs, err := frontend.Compile(ecc.BN254.ScalarField(), r1cs.NewBuilder, c)
	if err != nil {
		return 0, err
	}
	return ccs.GetNbConstraints(), nil
}

// Constraints is the circuit's size; 0 for keys loaded only to verify,
// which were never compiled.
func (k *Keys) Constraints() int {
	if k.ccs == nil {
		return 0
	}
	return k.ccs.GetNbConstraints()
}

// keyDir is where keys for circuit id live: one directory per circuit
// hash under the keys dir, so one keys dir serves every circuit.
func keyDir(keysDir, id string) string { return filepath.Join(keysDir, id) }

// Setup compiles the circuit and loads its keys from keysDir, running the
// Groth16 setup and caching the result first if there are none. It
// reports whether it ran the setup. log may be nil.
func Setup(keysDir string, p Params, log *slog.Logger) (*Keys, bool, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	k, err := load(keysDir, p, true)
	if err == nil {
		return k, false, nil
	}
	if !errors.Is(err, os.ErrNotExist) {
		return nil, false, err
	}
	ccs, id, err := Compile(p)
	if err != nil {
		return nil, false, err
	}
	start := time.Now()
	pk, vk, err := groth16.Setup(ccs)
	if err != nil {
		return nil, false, fmt.Errorf("groth16 setup: %w", err)
	}
	log.Info("groth16 setup done (single party: devnet keys only)", "circuit", p.String(), "id", id[:16],
		"constraints", ccs.GetNbConstraints(), "took", time.Since(start).Round(time.Millisecond))
	if err := save(keysDir, id, p, pk, vk); err != nil {
		return nil, false, err
	}
	// Another process may have saved its own keys first; use whatever is
	// on disk, so that every process on this data dir agrees.
	k, err = load(keysDir, p, true)
	return k, err == nil, err
}

// Load compiles the circuit and loads both keys; it never runs a setup,
// since keys made here would not match the ones the cluster verifies with.
func Load(keysDir string, p Params) (*Keys, error) { return load(keysDir, p, true) }

func load(keysDir string, p Params, withPK bool) (*Keys, error) {
	ccs, id, err := Compile(p)
	if err != nil {
		return nil, err
	}
	k := &Keys{Params: p, ID: id, ccs: ccs}
	if err := k.readKeys(keyDir(keysDir, id), withPK); err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("no keys for circuit %s (%s) in %s: run baton setup: %w", p, id[:16], keysDir, err)
		}
		return nil, err
	}
	// This compile proved these keys current: mark them the newest of
	// their Params, the ones LoadVerifier (which does not compile) takes
	// when an older setup of a changed circuit is still in the dir. A
	// read-only keys dir keeps its times; the note then says which.
	now := time.Now()
	_ = os.Chtimes(filepath.Join(keyDir(keysDir, id), "circuit.json"), now, now)
	return k, nil
}

// readKeys reads the verifying key, and the proving key if withPK, from
// dir.
func (k *Keys) readKeys(dir string, withPK bool) error {
	k.vk = groth16.NewVerifyingKey(ecc.BN254)
	if err := readFile(filepath.Join(dir, "vk.bin"), k.vk.ReadFrom); err != nil {
		return err
	}
	h := sha256.New()
	if _, err := k.vk.WriteTo(h); err != nil {
		return err
	}
	k.vkID = hex.EncodeToString(h.Sum(nil))
	if withPK {
		k.pk = groth16.NewProvingKey(ecc.BN254)
		// The keys were written by this program and checked when made;
		// skipping the subgroup checks makes loading fast.
		if err := readFile(filepath.Join(dir, "pk.bin"), k.pk.UnsafeReadFrom); err != nil {
			return err
		}
	}
	return nil
}

func readFile(path string, read func(io.Reader) (int64, error)) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := read(bufioReader(f)); err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	return nil
}

// save writes the keys into a fresh directory and renames it into place,
// so a reader never sees half-written keys.
func save(keysDir, id string, p Params, pk groth16.ProvingKey, vk groth16.VerifyingKey) error {
	root := keysDir
	if err := os.MkdirAll(root, 0o755); err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(root, "setup-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	meta, _ := json.MarshalIndent(circuitMeta{p, id}, "", "  ")
	for name, w := range map[string]io.WriterTo{"pk.bin": pk, "vk.bin": vk} {
		var buf bytes.Buffer
		if _, err := w.WriteTo(&buf); err != nil {
			return fmt.Errorf("encode %s: %w", name, err)
		}
		if err := os.WriteFile(filepath.Join(tmp, name), buf.Bytes(), 0o644); err != nil {
			return err
		}
	}
	if err := os.WriteFile(filepath.Join(tmp, "circuit.json"), append(meta, '\n'), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, keyDir(keysDir, id)); err != nil && !errors.Is(err, os.ErrExist) {
		if _, statErr := os.Stat(keyDir(keysDir, id)); statErr != nil {
			return fmt.Errorf("store keys: %w", err)
		}
	}
	return nil
}
