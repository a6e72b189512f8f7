package cluster

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"

	"github.com/baton-rollup/baton/fsm"
)

// witnessDir is the replica's fsm.WitnessStore: one file per unproven
// batch, so that a proving lag costs disk rather than RAM. Files are written
// to a temporary name and renamed, so a reader never sees half a witness,
// but never fsynced: after a crash Raft restores the last snapshot (which
// carries every witness unproven at its index) into a fresh directory and
// replays the log after it, and Apply rewrites every witness from there. So
// nothing on this disk outlives the process that wrote it.
type witnessDir struct{ dir string }

var _ fsm.WitnessStore = (*witnessDir)(nil)

// witnessRoot is where a replica keeps its witness stores: one directory per
// machine (witnesses/<generation>), so a restore can fill a new one while
// the old machine still reads its own.
func witnessRoot(dataDir string) string { return filepath.Join(dataDir, "witnesses") }

// witnessGens numbers the directories of one process's machines.
type witnessGens struct {
	root string
	next atomic.Uint64
}

// openWitnessGens clears whatever an earlier process left under root: none
// of it belongs to the machine this process builds (see witnessDir).
func openWitnessGens(root string) (*witnessGens, error) {
	if err := os.RemoveAll(root); err != nil {
		return nil, fmt.Errorf("clear witness store: %w", err)
	}
	return &witnessGens{root: root}, nil
}

// fresh makes an empty store for a new machine.
func (g *witnessGens) fresh() (*witnessDir, error) {
	dir := filepath.Join(g.root, strconv.FormatUint(g.next.Add(1), 10))
	if err := os.RemoveAll(dir); err != nil {
		return nil, fmt.Errorf("clear witness store: %w", err)
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("witness store: %w", err)
	}
	return &witnessDir{dir: dir}, nil
}

func (d *witnessDir) path(batch uint64) string {
	return filepath.Join(d.dir, strconv.FormatUint(batch, 10)+".wit")
}

// Put writes enc as batch's witness.
func (d *witnessDir) Put(batch uint64, enc []byte) error {
	f, err := os.CreateTemp(d.dir, ".put-*")
	if err != nil {
		return err
	}
	_, err = f.Write(enc)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(f.Name(), d.path(batch))
	}
	if err != nil {
		_ = os.Remove(f.Name())
		return fmt.Errorf("put witness %d: %w", batch, err)
	}
	return nil
}

// Get reads batch's witness.
func (d *witnessDir) Get(batch uint64) ([]byte, error) {
	enc, err := os.ReadFile(d.path(batch))
	if err != nil {
		return nil, fmt.Errorf("get witness %d: %w", batch, err)
	}
	return enc, nil
}

// Delete removes batch's witness; one already gone is not an error.
func (d *witnessDir) Delete(batch uint64) error {
	if err := os.Remove(d.path(batch)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return fmt.Errorf("delete witness %d: %w", batch, err)
	}
	return nil
}

// remove deletes the whole store, once its machine is replaced.
func (d *witnessDir) remove() error { return os.RemoveAll(d.dir) }
