package httpapi

import (
	"fmt"
	"io"
	"net/http"
	"strconv"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/wire"
)

// handleSubmit admits a signed transfer or withdrawal at any replica.
func (s *Server) handleSubmit(w http.ResponseWriter, r *http.Request) {
	tx, err := decodeTx(r)
	if err != nil {
		s.fail(w, err)
		return
	}
	res, err := s.b.Ingress.Submit(r.Context(), tx, waitParam(r))
	if err != nil {
		s.fail(w, err)
		return
	}
	writeSubmitResult(w, res)
}

// decodeTx reads a transaction as clients send it (wire.TxJSON).
func decodeTx(r *http.Request) (fsm.Tx, error) {
	var j wire.TxJSON
	if err := decodeBody(r, &j); err != nil {
		return fsm.Tx{}, err
	}
	return j.Tx()
}

// waitParam: a submission waits to be sequenced unless ?wait=false.
func waitParam(r *http.Request) bool { return r.URL.Query().Get("wait") != "false" }

// writeSubmitResult answers 200 once sequenced, 202 while pending.
func writeSubmitResult(w http.ResponseWriter, res wire.SubmitResult) {
	code := http.StatusOK
	if res.Status == "pending" {
		code = http.StatusAccepted
	}
	writeJSON(w, code, res)
}

// handleForwarded is the leader's side of forwarding: the binary
// transaction another replica admitted. It answers 200 whatever the
// outcome, pending included (the forwarder reads the status).
func (s *Server) handleForwarded(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, fsm.MaxTxSize))
	if err != nil {
		s.fail(w, fmt.Errorf("%w: %v", fsm.ErrTooLarge, err))
		return
	}
	tx, err := fsm.DecodeTx(body)
	if err != nil {
		s.fail(w, err)
		return
	}
	res, err := s.b.Ingress.Forwarded(r.Context(), tx, waitParam(r))
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

// handlePriority accepts an L1 priority operation (deposit or forced exit)
// on a cluster without L1 settlement (tests, a sequencer-only devnet).
func (s *Server) handlePriority(w http.ResponseWriter, r *http.Request) {
	tx, err := decodeTx(r)
	if err != nil {
		s.fail(w, err)
		return
	}
	res, err := s.b.Ingress.Priority(r.Context(), tx, waitParam(r))
	if err != nil {
		s.fail(w, err)
		return
	}
	writeSubmitResult(w, res)
}

// readOptions parses a read's ?consistency= (linearizable, the default,
// or stale; the internal local=1 is stale) and ?min_index=.
func readOptions(r *http.Request) (wire.ReadOptions, error) {
	q := r.URL.Query()
	o := wire.ReadOptions{Consistency: q.Get("consistency")}
	switch o.Consistency {
	case "":
		o.Consistency = wire.Linearizable
		if q.Get("local") != "" {
			o.Consistency = wire.Stale
		}
	case wire.Linearizable, wire.Stale:
	default:
		return o, fmt.Errorf("%w: consistency %q: want %s or %s", fsm.ErrMalformed, o.Consistency, wire.Linearizable, wire.Stale)
	}
	if v := q.Get("min_index"); v != "" {
		n, err := strconv.ParseUint(v, 10, 64)
		if err != nil {
			return o, fmt.Errorf("%w: min_index %q", fsm.ErrMalformed, v)
		}
		o.MinIndex = n
	}
	return o, nil
}

func (s *Server) handleTxStatus(w http.ResponseWriter, r *http.Request) {
	h, err := fsm.ParseTxHash(r.PathValue("hash"))
	if err != nil {
		s.fail(w, err)
		return
	}
	o, err := readOptions(r)
	if err != nil {
		s.fail(w, err)
		return
	}
	st, found, err := s.b.Ingress.TxStatus(r.Context(), h, o)
	if err != nil {
		s.fail(w, err)
		return
	}
	if !found {
		writeJSON(w, http.StatusNotFound, st)
		return
	}
	writeJSON(w, http.StatusOK, st)
}

// await parses the read's options and waits until the replica may serve
// it; false when it has answered the failure.
func (s *Server) await(w http.ResponseWriter, r *http.Request) (wire.ReadMeta, bool) {
	o, err := readOptions(r)
	if err != nil {
		s.fail(w, err)
		return wire.ReadMeta{}, false
	}
	m, err := s.b.Consistency.Await(r.Context(), o)
	if err != nil {
		s.fail(w, err)
		return m, false
	}
	return m, true
}

func (s *Server) handleBatch(w http.ResponseWriter, r *http.Request) {
	num, err := strconv.ParseUint(r.PathValue("n"), 10, 64)
	if err != nil {
		s.fail(w, fmt.Errorf("%w: batch number", fsm.ErrMalformed))
		return
	}
	meta, ok := s.await(w, r)
	if !ok {
		return
	}
	var rec fsm.BatchRecord
	s.b.Reader.Read(func(m *fsm.Machine) { rec, ok = m.Batch(num) })
	if !ok {
		s.fail(w, fmt.Errorf("%w: %d", fsm.ErrUnknownBatch, num))
		return
	}
	writeJSON(w, http.StatusOK, wire.BatchRead{BatchRecord: rec, Read: &meta})
}

func (s *Server) handleAccount(w http.ResponseWriter, r *http.Request) {
	i, err := strconv.ParseUint(r.PathValue("i"), 10, 32)
	if err != nil {
		s.fail(w, fmt.Errorf("%w: account index", fsm.ErrMalformed))
		return
	}
	meta, ok := s.await(w, r)
	if !ok {
		return
	}
	var a fsm.Account
	s.b.Reader.Read(func(m *fsm.Machine) { a, ok = m.Account(uint32(i)) })
	if !ok {
		writeJSON(w, http.StatusNotFound, wire.ErrorBody{Error: fmt.Sprintf("%v: %d", fsm.ErrUnknownAccount, i)})
		return
	}
	writeJSON(w, http.StatusOK, wire.AccountRead{Account: a, Read: &meta})
}

// handleReadIndex is the leader's side of a follower's linearizable read.
func (s *Server) handleReadIndex(w http.ResponseWriter, r *http.Request) {
	var tx *fsm.TxHash
	if v := r.URL.Query().Get("tx"); v != "" {
		h, err := fsm.ParseTxHash(v)
		if err != nil {
			s.fail(w, err)
			return
		}
		tx = &h
	}
	ri, err := s.b.Consistency.ReadIndex(r.Context(), tx)
	if err != nil {
		s.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, ri)
}
