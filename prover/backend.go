package prover

import "context"

// Backend makes and checks proofs of one circuit with one set of keys.
// The worker knows only this, so a second way of proving (a GPU through
// ICICLE) is a new implementation beside CPU, not a change to the worker.
// Every backend of the same Keys must make proofs the same verifying key
// accepts: the leader and L1 verify with it, whoever proved.
type Backend interface {
	// Name says what proves, as the watchdog's prover record does ("cpu").
	Name() string
	// KeyID names circuit and keys together (Keys.KeyID): jobs carry it,
	// and a job for other keys is handed back.
	KeyID() string
	// Tag names the jobs these keys can prove in subjects and consumer
	// names (Keys.Tag).
	Tag() string
	// Params is the circuit proved (slots, depth, chain, fee account),
	// for the operator's logs.
	Params() Params
	// Prove proves batch b and returns the proof (gnark's raw Groth16
	// encoding) and its public inputs. An ErrUnprovable error means no
	// retry can help. A backend that cannot stop a proof once started
	// may ignore ctx.
	Prove(ctx context.Context, b *Batch) ([]byte, PublicInputs, error)
	// Verify checks a proof against public inputs, natively, with the
	// verifying key the L1 verifier is made from (ErrBadProof if not).
	Verify(proof []byte, pi PublicInputs) error
}
