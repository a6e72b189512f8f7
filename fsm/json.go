package fsm

import (
	"encoding/hex"
	"fmt"
	"strings"
)

func marshalHex(b []byte) ([]byte, error) {
	return []byte(`"0x` + hex.EncodeToString(b) + `"`), nil
}

func unmarshalHex(data []byte, dst []byte, what string) error {
	s := strings.Trim(string(data), `"`)
	s = strings.TrimPrefix(s, "0x")
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != len(dst) {
		return fmt.Errorf("%w: %s must be %d hex bytes", ErrMalformed, what, len(dst))
	}
	copy(dst, b)
	return nil
}

func (p PubKey) MarshalJSON() ([]byte, error)     { return marshalHex(p[:]) }
func (p *PubKey) UnmarshalJSON(b []byte) error    { return unmarshalHex(b, p[:], "pubkey") }
func (a L1Address) MarshalJSON() ([]byte, error)  { return marshalHex(a[:]) }
func (a *L1Address) UnmarshalJSON(b []byte) error { return unmarshalHex(b, a[:], "L1 address") }
func (s Signature) MarshalJSON() ([]byte, error)  { return marshalHex(s[:]) }
func (s *Signature) UnmarshalJSON(b []byte) error { return unmarshalHex(b, s[:], "signature") }
func (h TxHash) MarshalJSON() ([]byte, error)     { return marshalHex(h[:]) }
func (h *TxHash) UnmarshalJSON(b []byte) error    { return unmarshalHex(b, h[:], "tx hash") }
func (h Hash) MarshalJSON() ([]byte, error)       { return marshalHex(h[:]) }
func (h *Hash) UnmarshalJSON(b []byte) error      { return unmarshalHex(b, h[:], "hash") }

// String forms used in logs and the API.
func (p PubKey) String() string { return "0x" + hex.EncodeToString(p[:]) }
func (h Hash) String() string   { return "0x" + hex.EncodeToString(h[:]) }
