package rebuild

import (
	"bytes"
	"context"
	"math/big"
	"path/filepath"
	"strings"
	"testing"

	"github.com/baton-rollup/baton/fsm"
)

// TestCommandRejectsBadInput: missing or malformed flags fail before any
// L1 is dialled, with an error naming the flag.
func TestCommandRejectsBadInput(t *testing.T) {
	addr := "0x00000000000000000000000000000000000000aa"
	missing := filepath.Join(t.TempDir(), "none.json")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--rollup", addr, "--genesis", missing}, "--l1-rpc is required"},
		{[]string{"--l1-rpc", "http://127.0.0.1:1", "--rollup", "0x12", "--genesis", missing}, `--rollup "0x12" is not an address`},
		{[]string{"--l1-rpc", "http://127.0.0.1:1", "--rollup", addr}, "--genesis is required"},
		{[]string{"--l1-rpc", "http://127.0.0.1:1", "--rollup", addr, "--genesis", missing}, "genesis:"},
	} {
		var out bytes.Buffer
		if err := Command(context.Background(), c.args, &out); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: got %v, want %q", c.args, err, c.want)
		}
	}
}

// TestHashOf: a contract root reads as fsm's 32-byte big-endian encoding.
func TestHashOf(t *testing.T) {
	var want fsm.Hash
	want[30], want[31] = 1, 2
	if got := hashOf(big.NewInt(258)); got != want {
		t.Fatalf("got %s", got)
	}
}
