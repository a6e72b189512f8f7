package cluster

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/baton-rollup/baton/fsm"
	"github.com/baton-rollup/baton/statuspage"
	"github.com/baton-rollup/baton/wire"
	"github.com/hashicorp/raft"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

const maxBodyBytes = 64 << 10

func (n *Node) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /v1/tx", n.handleSubmit)
	mux.HandleFunc("GET /v1/tx/{hash}", n.handleTxStatus)
	mux.HandleFunc("GET /v1/batches/{n}", n.handleBatch)
	mux.HandleFunc("GET /v1/accounts/{i}", n.handleAccount)
	mux.HandleFunc("GET /v1/status", n.handleStatus)
	mux.HandleFunc("GET /v1/overview", n.handleOverview)
	mux.Handle("GET /", statuspage.Handler())
	mux.HandleFunc("GET /v1/l1", n.handleL1)
	mux.HandleFunc("GET /healthz", n.handleHealth)
	mux.HandleFunc("GET /readyz", n.handleReady)
	mux.Handle("GET /metrics", promhttp.HandlerFor(n.metrics.Registry, promhttp.HandlerOpts{}))
	mux.HandleFunc("POST /v1/internal/tx", n.authed(n.handleForwarded))
	mux.HandleFunc("POST /v1/internal/member", n.authed(n.handleMemberAPI))
	mux.HandleFunc("GET /v1/admin/members", n.authed(n.handleMembers))
	mux.HandleFunc("POST /v1/admin/members", n.authed(n.handleAddMember))
	mux.HandleFunc("DELETE /v1/admin/members/{id}", n.authed(n.handleRemoveMember))
	mux.HandleFunc("POST /v1/admin/transfer-leadership", n.authed(n.handleTransfer))
	mux.HandleFunc("POST /v1/admin/priority", n.authed(n.handlePriority))
	mux.HandleFunc("GET /v1/admin/jobs/dead", n.authed(n.handleDeadJobs))
	mux.HandleFunc("POST /v1/admin/jobs/replay", n.authed(n.handleReplayJob))
	mux.HandleFunc("POST /v1/admin/jobs/reoffer", n.authed(n.handleReofferJob))
	mux.HandleFunc("POST /v1/admin/faults", n.authed(n.handleFaults))
	// Go's profiler, for operators chasing CPU or memory; admin only.
	mux.HandleFunc("GET /v1/admin/debug/pprof/", n.authed(pprofIndex))
	mux.HandleFunc("GET /v1/admin/debug/pprof/profile", n.authed(pprof.Profile))
	return mux
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(v)
}

// statusFor maps errors to HTTP codes: the client's fault is 4xx, a full
// mempool 429, no leader or timeouts 503/504.
func statusFor(err error) int {
	switch {
	case errors.Is(err, wire.ErrMempoolFull):
		return http.StatusTooManyRequests
	case errors.Is(err, wire.ErrNoLeader), errors.Is(err, raft.ErrNotLeader), errors.Is(err, raft.ErrLeadershipLost):
		return http.StatusServiceUnavailable
	case errors.Is(err, wire.ErrWaitTimeout), errors.Is(err, context.DeadlineExceeded):
		return http.StatusGatewayTimeout
	case errors.Is(err, fsm.ErrNonceTooLow), errors.Is(err, fsm.ErrNonceTooHigh), errors.Is(err, wire.ErrNonceGap),
		// A stale config_index is the caller's to fix (re-read, retry), not
		// a server fault.
		errors.Is(err, wire.ErrConfigChanged):
		return http.StatusConflict
	case errors.Is(err, fsm.ErrTooLarge):
		return http.StatusRequestEntityTooLarge
	case errors.Is(err, wire.ErrUnknownMember):
		return http.StatusNotFound
	case errors.Is(err, wire.ErrMemberExists):
		return http.StatusConflict
	case errors.Is(err, fsm.ErrMalformed), errors.Is(err, fsm.ErrBadSignature),
		errors.Is(err, fsm.ErrUnknownAccount), errors.Is(err, fsm.ErrInsufficientBalance),
		errors.Is(err, fsm.ErrOverflow), errors.Is(err, fsm.ErrPriorityOrder):
		return http.StatusBadRequest
	case errors.Is(err, fsm.ErrUnknownBatch):
		return http.StatusNotFound
	}
	return http.StatusInternalServerError
}

func (n *Node) fail(w http.ResponseWriter, err error) {
	code := statusFor(err)
	var remote *remoteError
	if errors.As(err, &remote) && remote.code >= 400 {
		// Relayed from the leader: its answer stands.
		code = remote.code
	}
	writeJSON(w, code, wire.ErrorBody{Error: err.Error()})
}

func decodeBody(r *http.Request, v any) error {
	body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, maxBodyBytes))
	if err != nil {
		return fmt.Errorf("%w: body: %v", fsm.ErrTooLarge, err)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("%w: %v", fsm.ErrMalformed, err)
	}
	return nil
}

// handleSubmit admits a signed transfer or withdrawal at any replica.
func (n *Node) handleSubmit(w http.ResponseWriter, r *http.Request) {
	var j wire.TxJSON
	if err := decodeBody(r, &j); err != nil {
		n.fail(w, err)
		return
	}
	tx, err := j.Tx()
	if err != nil {
		n.fail(w, err)
		return
	}
	wait := r.URL.Query().Get("wait") != "false"
	res, err := n.Submit(r.Context(), tx, wait)
	if err != nil {
		n.fail(w, err)
		return
	}
	writeSubmitResult(w, res)
}

// writeSubmitResult answers 200 once sequenced, 202 while pending.
func writeSubmitResult(w http.ResponseWriter, res wire.SubmitResult) {
	code := http.StatusOK
	if res.Status == "pending" {
		code = http.StatusAccepted
	}
	writeJSON(w, code, res)
}

// Submit checks a transaction (format, nonce window, signature) and hands it
// to the leader: into its own mempool if it leads, else forwarded. With wait
// it returns once the transaction is sequenced or rejected.
func (n *Node) Submit(ctx context.Context, tx fsm.Tx, wait bool) (wire.SubmitResult, error) {
	h := tx.Hash()
	if tx.Kind.IsPriority() {
		return wire.SubmitResult{}, fmt.Errorf("%w: %s comes from L1's priority queue, not the API", fsm.ErrMalformed, tx.Kind)
	}
	if loc, ok := n.location(h); ok {
		return wire.SubmitResult{Hash: h, Status: "sequenced", Batch: loc.Batch}, nil
	}
	sig, err := n.admit(&tx)
	if errors.Is(err, fsm.ErrNonceTooLow) {
		// The nonce may have been used by this very transaction, applied
		// between the lookup above and the nonce check.
		if loc, ok := n.location(h); ok {
			return wire.SubmitResult{Hash: h, Status: "sequenced", Batch: loc.Batch}, nil
		}
	}
	if err != nil {
		n.metrics.txsRejected.WithLabelValues(reasonLabel(err)).Inc()
		return wire.SubmitResult{}, err
	}
	n.metrics.txsAdmitted.WithLabelValues(tx.Kind.String()).Inc()
	if n.IsLeader() {
		return n.enqueue(ctx, tx, sig, wait)
	}
	n.metrics.forwarded.Inc()
	return n.forwardAndWait(ctx, tx, sig, wait)
}

// admit runs the stateless and state-dependent checks every replica can do,
// so signature verification is spread over the cluster. It returns the
// evidence of the signature check, which spares the leader's builder a
// second check.
func (n *Node) admit(tx *fsm.Tx) (fsm.SigVerified, error) {
	var (
		acct  fsm.Account
		ok    bool
		chain uint64
	)
	n.rep.read(func(m *fsm.Machine) {
		acct, ok = m.Account(tx.From)
		chain = m.Config().ChainID
	})
	if !ok {
		return fsm.SigVerified{}, fmt.Errorf("%w: sender %d", fsm.ErrUnknownAccount, tx.From)
	}
	if tx.Nonce < acct.Nonce {
		return fsm.SigVerified{}, fmt.Errorf("%w: nonce %d, account is at %d", fsm.ErrNonceTooLow, tx.Nonce, acct.Nonce)
	}
	if tx.Nonce >= acct.Nonce+n.cfg.NonceWindow {
		return fsm.SigVerified{}, fmt.Errorf("%w: nonce %d is beyond the window [%d, %d)", fsm.ErrNonceTooHigh, tx.Nonce, acct.Nonce, acct.Nonce+n.cfg.NonceWindow)
	}
	n.verifySlots <- struct{}{}
	sig, err := acct.Verify(tx, chain)
	<-n.verifySlots
	if err != nil {
		return sig, fmt.Errorf("account %d: %w", tx.From, err)
	}
	n.sigs.add(tx.Hash(), sig)
	return sig, nil
}

func (n *Node) location(h fsm.TxHash) (loc fsm.TxLocation, ok bool) {
	n.rep.read(func(m *fsm.Machine) { loc, ok = m.TxLocation(h) })
	return loc, ok
}

// enqueue adds to this leader's mempool and optionally waits. sig is
// evidence that this process verified the signature (zero if it did not).
func (n *Node) enqueue(ctx context.Context, tx fsm.Tx, sig fsm.SigVerified, wait bool) (wire.SubmitResult, error) {
	h := tx.Hash()
	var ch chan txOutcome
	if wait {
		ch = n.waiters.add(h)
		defer n.waiters.remove(h, ch)
	}
	if _, err := n.mempool.Add(tx, sig, time.Now()); err != nil {
		return wire.SubmitResult{}, err
	}
	if !n.IsLeader() {
		// Leadership went between the caller's check and Add, and the
		// hand-over may already have drained the mempool: take the
		// transaction back and forward it like any other.
		n.mempool.Remove(h)
		if ch != nil {
			n.waiters.remove(h, ch)
		}
		return n.forwardAndWait(ctx, tx, sig, wait)
	}
	if !wait {
		return wire.SubmitResult{Hash: h, Status: "pending"}, nil
	}
	return n.wait(ctx, h, ch)
}

func (n *Node) wait(ctx context.Context, h fsm.TxHash, ch chan txOutcome) (wire.SubmitResult, error) {
	// The transaction may have been sequenced before the waiter existed.
	if loc, ok := n.location(h); ok {
		return wire.SubmitResult{Hash: h, Status: "sequenced", Batch: loc.Batch}, nil
	}
	t := time.NewTimer(n.cfg.WaitTimeout)
	defer t.Stop()
	select {
	case o := <-ch:
		if o.err != nil {
			return wire.SubmitResult{}, o.err
		}
		return wire.SubmitResult{Hash: h, Status: "sequenced", Batch: o.loc.Batch}, nil
	case <-t.C:
		return wire.SubmitResult{}, wire.ErrWaitTimeout
	case <-ctx.Done():
		return wire.SubmitResult{}, ctx.Err()
	}
}

// forwardAndWait hands the transaction to the leader, retrying while no
// leader is reachable (an election, a leader that has not registered its
// API yet). The local waiter is registered first: if the leader dies after
// committing, this replica's own log still reports the outcome. Retrying is
// safe because the leader deduplicates by hash and by the log.
func (n *Node) forwardAndWait(ctx context.Context, tx fsm.Tx, sig fsm.SigVerified, wait bool) (wire.SubmitResult, error) {
	h := tx.Hash()
	var ch chan txOutcome
	if wait {
		ch = n.waiters.add(h)
		defer n.waiters.remove(h, ch)
	}
	deadline := time.Now().Add(n.cfg.WaitTimeout)
	// One deadline for all attempts, or each retry would wait the leader's
	// full WaitTimeout again.
	ctx, cancel := context.WithDeadline(ctx, deadline)
	defer cancel()
	backoff := 25 * time.Millisecond
	for {
		if n.IsLeader() {
			// Leadership came here while this call was retrying.
			n.waiters.remove(h, ch)
			return n.enqueue(ctx, tx, sig, wait)
		}
		changed := n.leaderEvents.wait()
		res, err := n.forward(ctx, tx, wait)
		if err == nil {
			if res.Status == "sequenced" {
				// Read-your-writes on this replica: its fsm applies the
				// batch a moment after the leader answered.
				n.waitHeight(ctx, res.Batch, time.Second)
			}
			return res, nil
		}
		var remote *remoteError
		if errors.As(err, &remote) && remote.code < 500 {
			return wire.SubmitResult{}, err
		}
		n.log.Debug("forward failed; retrying", "tx", h, "err", err)
		if time.Now().After(deadline) {
			return wire.SubmitResult{}, fmt.Errorf("%w (last error: %v)", wire.ErrWaitTimeout, err)
		}
		t := time.NewTimer(backoff)
		select {
		case o := <-ch: // nil channel when not waiting: never ready
			t.Stop()
			if o.err != nil {
				return wire.SubmitResult{}, o.err
			}
			return wire.SubmitResult{Hash: h, Status: "sequenced", Batch: o.loc.Batch}, nil
		case <-ctx.Done():
			t.Stop()
			return wire.SubmitResult{}, ctx.Err()
		case <-changed:
			t.Stop()
			backoff = 25 * time.Millisecond
			continue
		case <-t.C:
		}
		backoff = min(2*backoff, 500*time.Millisecond)
	}
}

func (n *Node) waitHeight(ctx context.Context, batch uint64, limit time.Duration) {
	deadline := time.After(limit)
	for {
		// Take the channel before reading the height, or a batch applied
		// in between would be missed until the deadline.
		applied := n.rep.applied.wait()
		if n.Height() >= batch {
			return
		}
		select {
		case <-applied:
		case <-deadline:
			return
		case <-ctx.Done():
			return
		}
	}
}

// leaderAPI returns the leader's API address from the replicated member
// table.
func (n *Node) leaderAPI() (string, error) {
	_, id := n.raft.LeaderWithID()
	if id == "" {
		return "", wire.ErrNoLeader
	}
	var addr string
	n.rep.read(func(m *fsm.Machine) { addr = m.Members()[string(id)] })
	if addr == "" {
		return "", fmt.Errorf("%w: leader %s has not registered its API address yet", wire.ErrNoLeader, id)
	}
	return addr, nil
}

// remoteError is a non-2xx answer from another replica.
type remoteError struct {
	code int
	msg  string
}

func (e *remoteError) Error() string { return e.msg }

// Unwrap maps the remote status back to a sentinel, so errors.Is and
// statusFor work across the hop.
func (e *remoteError) Unwrap() error {
	switch e.code {
	case http.StatusTooManyRequests:
		return wire.ErrMempoolFull
	case http.StatusServiceUnavailable:
		return wire.ErrNoLeader
	case http.StatusGatewayTimeout:
		return wire.ErrWaitTimeout
	case http.StatusConflict:
		return fsm.ErrNonceTooLow
	case http.StatusBadRequest:
		return fsm.ErrMalformed
	}
	return nil
}

// forward posts an admitted transaction to the leader's internal endpoint.
func (n *Node) forward(ctx context.Context, tx fsm.Tx, wait bool) (wire.SubmitResult, error) {
	addr, err := n.leaderAPI()
	if err != nil {
		return wire.SubmitResult{}, err
	}
	url := n.apiURL(addr, fmt.Sprintf("/v1/internal/tx?wait=%t", wait))
	var res wire.SubmitResult
	err = n.call(ctx, http.MethodPost, url, tx.Encode(nil), &res)
	var re *remoteError
	if err != nil && !errors.As(err, &re) {
		// The leader did not answer: for the forwarder that is no leader,
		// and it retries until one does.
		err = fmt.Errorf("%w: %v", wire.ErrNoLeader, err)
	}
	return res, err
}

func (n *Node) call(ctx context.Context, method, url string, body []byte, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+n.cfg.Token)
	resp, err := n.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if resp.StatusCode/100 != 2 {
		var e wire.ErrorBody
		_ = json.Unmarshal(data, &e)
		if e.Error == "" {
			e.Error = resp.Status
		}
		return &remoteError{code: resp.StatusCode, msg: e.Error}
	}
	if out != nil {
		return json.Unmarshal(data, out)
	}
	return nil
}

// handleForwarded is the leader's side of forwarding. The sending replica
// already checked format and signature, which kept junk off the leader; the
// batch builder verifies the signature once more, because the leader's own
// Apply reuses the builder's execution and must check exactly what every
// follower's Apply checks.
func (n *Node) handleForwarded(w http.ResponseWriter, r *http.Request) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, fsm.MaxTxSize))
	if err != nil {
		n.fail(w, fmt.Errorf("%w: %v", fsm.ErrTooLarge, err))
		return
	}
	tx, err := fsm.DecodeTx(body)
	if err != nil {
		n.fail(w, err)
		return
	}
	if !n.IsLeader() {
		n.fail(w, raft.ErrNotLeader)
		return
	}
	h := tx.Hash()
	if loc, ok := n.location(h); ok {
		writeJSON(w, http.StatusOK, wire.SubmitResult{Hash: h, Status: "sequenced", Batch: loc.Batch})
		return
	}
	res, err := n.enqueue(r.Context(), tx, fsm.SigVerified{}, r.URL.Query().Get("wait") != "false")
	if err != nil {
		n.fail(w, err)
		return
	}
	writeJSON(w, http.StatusOK, res)
}

func (n *Node) handleTxStatus(w http.ResponseWriter, r *http.Request) {
	h, err := fsm.ParseTxHash(r.PathValue("hash"))
	if err != nil {
		n.fail(w, err)
		return
	}
	st, found := n.TxStatus(h)
	if !found && !n.IsLeader() && r.URL.Query().Get("local") == "" {
		// Pending and rejected transactions are known only to the leader.
		if addr, err := n.leaderAPI(); err == nil {
			var remote wire.TxStatus
			if err := n.call(r.Context(), http.MethodGet, n.apiURL(addr, "/v1/tx/"+h.String()+"?local=1"), nil, &remote); err == nil {
				st, found = remote, true
			}
		}
	}
	if !found {
		writeJSON(w, http.StatusNotFound, wire.TxStatus{Hash: h, Status: "unknown"})
		return
	}
	writeJSON(w, http.StatusOK, st)
}

// TxStatus reports what this replica knows of a transaction.
func (n *Node) TxStatus(h fsm.TxHash) (wire.TxStatus, bool) {
	st := wire.TxStatus{Hash: h}
	found := false
	n.rep.read(func(m *fsm.Machine) {
		loc, ok := m.TxLocation(h)
		if !ok {
			return
		}
		rec, _ := m.Batch(loc.Batch)
		st.Status, st.Batch, found = rec.State.String(), loc.Batch, true
		st.PostedRef, st.FinalizedRef = rec.PostedRef, rec.FinalizedRef
		if int(loc.Pos) < len(rec.Receipts) {
			rc := rec.Receipts[loc.Pos]
			st.Receipt = &rc
		}
	})
	switch {
	case found:
		if bt, ok := n.rep.stages.get(st.Batch); ok {
			st.Journey = &bt
		}
	case n.mempool.Has(h):
		st.Status, found = "pending", true
	default:
		if reason, ok := n.rejects.get(h); ok {
			st.Status, st.Reason, found = "rejected", reason, true
		}
	}
	return st, found
}

func (n *Node) handleBatch(w http.ResponseWriter, r *http.Request) {
	num, err := strconv.ParseUint(r.PathValue("n"), 10, 64)
	if err != nil {
		n.fail(w, fmt.Errorf("%w: batch number", fsm.ErrMalformed))
		return
	}
	var (
		rec fsm.BatchRecord
		ok  bool
	)
	n.rep.read(func(m *fsm.Machine) { rec, ok = m.Batch(num) })
	if !ok {
		n.fail(w, fmt.Errorf("%w: %d", fsm.ErrUnknownBatch, num))
		return
	}
	writeJSON(w, http.StatusOK, rec)
}

func (n *Node) handleAccount(w http.ResponseWriter, r *http.Request) {
	i, err := strconv.ParseUint(r.PathValue("i"), 10, 32)
	if err != nil {
		n.fail(w, fmt.Errorf("%w: account index", fsm.ErrMalformed))
		return
	}
	var (
		a  fsm.Account
		ok bool
	)
	n.rep.read(func(m *fsm.Machine) { a, ok = m.Account(uint32(i)) })
	if !ok {
		writeJSON(w, http.StatusNotFound, wire.ErrorBody{Error: fmt.Sprintf("%v: %d", fsm.ErrUnknownAccount, i)})
		return
	}
	writeJSON(w, http.StatusOK, a)
}

// Status reports this replica's view.
func (n *Node) Status() wire.Status {
	_, leader := n.raft.LeaderWithID()
	st := wire.Status{
		ID: n.cfg.ID, Role: n.raft.State().String(), Leader: string(leader),
		Term: n.raft.CurrentTerm(), CommitIndex: n.raft.CommitIndex(), AppliedIndex: n.raft.AppliedIndex(),
	}
	st.LeaderAPI, _ = n.leaderAPI()
	n.rep.read(func(m *fsm.Machine) {
		head, _ := m.Batch(m.Head().Number)
		st.LastBatch, st.StateRoot, st.HeadHash = head.Header.Number, m.Root(), head.Hash
		st.Accounts, st.Finalized, st.Proven = m.NumAccounts(), m.LastFinalized(), m.Proven()
		st.LastBatchMs, st.LastPosted, st.ProvenThrough = head.Header.Timestamp, m.LastPosted(), m.ProvenThrough()
	})
	var oldest time.Time
	st.Mempool, _, oldest = n.mempool.Stats()
	if st.Mempool > 0 {
		st.OldestPendingMs = oldest.UnixMilli()
	}
	st.Settling, st.BatcherFrozen = n.cfg.Settlement != nil, n.isFrozen()
	for _, s := range n.raft.GetConfiguration().Configuration().Servers {
		if string(s.ID) == n.cfg.ID {
			st.Voter = s.Suffrage == raft.Voter
		}
	}
	return st
}

func (n *Node) handleStatus(w http.ResponseWriter, _ *http.Request) {
	writeJSON(w, http.StatusOK, n.Status())
}

func (n *Node) handleHealth(w http.ResponseWriter, _ *http.Request) {
	if n.raft.State() == raft.Shutdown {
		writeJSON(w, http.StatusServiceUnavailable, wire.ErrorBody{Error: "raft is shut down"})
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// handleReady: ready when a leader is known and this replica has applied
// what it knows to be committed (give or take a batch in flight).
func (n *Node) handleReady(w http.ResponseWriter, _ *http.Request) {
	_, leader := n.raft.LeaderWithID()
	lag := int64(n.raft.CommitIndex()) - int64(n.raft.AppliedIndex())
	switch {
	case leader == "":
		writeJSON(w, http.StatusServiceUnavailable, wire.ErrorBody{Error: "no leader"})
	case lag > 16:
		writeJSON(w, http.StatusServiceUnavailable, wire.ErrorBody{Error: fmt.Sprintf("applying: %d entries behind commit", lag)})
	default:
		writeJSON(w, http.StatusOK, map[string]string{"status": "ready", "leader": string(leader)})
	}
}

// pprofIndex serves the named profiles (heap, goroutine, ...) under the
// admin prefix.
func pprofIndex(w http.ResponseWriter, r *http.Request) {
	name := strings.TrimPrefix(r.URL.Path, "/v1/admin/debug/pprof/")
	if name == "" {
		pprof.Index(w, r)
		return
	}
	pprof.Handler(name).ServeHTTP(w, r)
}
