package fsm

import (
	"errors"
	"fmt"
)

// Machine is baton's replicated state machine: the account state, the batch
// log and each batch's pipeline state. It is deterministic: the same genesis
// and the same sequence of commands give the same result on every replica.
// It does no I/O, reads no clock and starts no goroutines; time arrives inside
// the commands. It is not safe for concurrent use: the caller serializes.
type Machine struct {
	cfg Config
	st  *State
	batchLog
	txLoc map[TxHash]TxLocation
	// nextPriority is the queue index of the next L1 priority operation.
	nextPriority uint64
	checkpoints  []Checkpoint
	// members maps Raft server ids to API addresses.
	members map[string]string
	// prepared caches the execution of the batch this replica last built as
	// leader, so applying its own proposal does not execute it twice. It is
	// used only when the proposal's header hash and pre-state root match, in
	// which case re-execution would produce exactly the same result.
	prepared *prepared
	// sigs supplies evidence of signature checks this replica's API already
	// made; nil means verify everything.
	sigs SigCache
	// buildH is Build's own hasher: Build runs under a read lock beside
	// other readers, and a hasher is not safe to share.
	buildH *hasher
}

// TxLocation says where a transaction sits in the log.
type TxLocation struct {
	Batch uint64 `json:"batch"`
	Pos   uint32 `json:"pos"`
}

// Checkpoint records the state root every CheckpointInterval batches.
type Checkpoint struct {
	Batch    uint64 `json:"batch"`
	Root     Hash   `json:"root"`
	Header   Hash   `json:"header"`
	Accounts uint64 `json:"accounts"`
}

type prepared struct {
	header   Hash
	pre      Hash
	ov       *overlay
	u        update
	receipts []Receipt
	cursor   uint64
}

// New builds the machine at genesis.
func New(g Genesis) (*Machine, error) {
	return NewWith(g, NewMemWitnessStore())
}

// NewWith is New with the witnesses kept in ws rather than in memory.
func NewWith(g Genesis, ws WitnessStore) (*Machine, error) {
	if err := g.Validate(); err != nil {
		return nil, fmt.Errorf("genesis: %w", err)
	}
	m := newMachine(g.Config, ws)
	ov := newOverlay(m.st, m.st.h)
	for _, a := range g.Accounts {
		acct := Account{PubKey: a.PubKey, Owner: a.Owner, Balance: a.Balance}
		if err := acct.derive(m.st.h); err != nil {
			return nil, err
		}
		ov.created = append(ov.created, acct)
	}
	u, err := m.st.tree.plan(ov.leaves(), m.st.h)
	if err != nil {
		return nil, err
	}
	ov.commit(u)
	root := rootHash(m.st.Root())
	h := Header{PreRoot: root, PostRoot: root, Timestamp: g.Timestamp}
	m.log = []*BatchRecord{{Header: h, Hash: h.Hash(), State: StateFinalized}}
	m.unprovenFrom = 1
	return m, nil
}

func newMachine(cfg Config, ws WitnessStore) *Machine {
	return &Machine{cfg: cfg, st: newState(cfg), txLoc: make(map[TxHash]TxLocation), members: make(map[string]string), buildH: newHasher(),
		batchLog: batchLog{ws: ws, fallback: make(map[uint64][]byte)}}
}

// SigCache supplies evidence of signature checks made outside the machine,
// by the replica's own API. Apply consults it so that a replica never
// verifies the same signature twice. Evidence counts only for the exact
// transaction under the sender's own key (SigVerified cannot be forged), so
// a stale or wrong entry cannot change an outcome, only cost a verification.
type SigCache interface {
	Evidence(h TxHash) (SigVerified, bool)
}

// SetSigCache installs c (nil to verify everything).
func (m *Machine) SetSigCache(c SigCache) { m.sigs = c }

// Config returns the consensus parameters.
func (m *Machine) Config() Config { return m.cfg }

// Result is what Apply returns for one entry; Raft hands it back to the
// proposer as the future's Response. Err is a rejection: the entry was
// committed to the log but changed nothing.
type Result struct {
	Type       CommandType
	Batch      uint64
	Checkpoint bool
	// Advanced: the batch reached a stage it had not (appended, first
	// posted, first proving attempt, proven, finalized). A repeated post
	// or a second proof is accepted but advances nothing.
	Advanced bool
	Err      error
}

// Apply executes one committed entry. index and term identify the entry in
// the Raft log. Any rejection leaves the machine untouched. An entry of an
// unknown type or version returns ErrUnknownCommand, and the caller must
// stop: skipping it would fork this replica from newer ones.
func (m *Machine) Apply(index, term uint64, data []byte) Result {
	cmd, err := DecodeCommand(data, m.cfg.MaxBatchTxs)
	if err != nil {
		m.prepared = nil
		return Result{Err: err}
	}
	return m.ApplyCommand(index, term, cmd)
}

// ApplyCommand is Apply for an entry the caller already decoded with
// DecodeCommand (and this machine's MaxBatchTxs), so a caller that needs the
// command too decodes it once.
func (m *Machine) ApplyCommand(index, term uint64, cmd Command) Result {
	res := Result{Type: cmd.Type, Batch: cmd.Number}
	switch cmd.Type {
	case CmdAppendBatch:
		res.Batch = cmd.Batch.Header.Number
		res.Checkpoint, res.Err = m.appendBatch(index, term, cmd.Batch)
		res.Advanced = res.Err == nil
	case CmdRecordPosted:
		res.Advanced, res.Err = m.recordPosted(cmd.Number, cmd.Ref)
	case CmdRecordProof:
		res.Advanced, res.Err = m.recordProof(cmd.Number, cmd.Prover, cmd.Proof)
	case CmdMarkFinalized:
		res.Advanced, res.Err = m.markFinalized(cmd.Number, cmd.Ref)
	case CmdRecordJob:
		res.Advanced, res.Err = m.recordJob(cmd.Number, cmd.Attempt)
	case CmdSetMember:
		if cmd.Addr == "" {
			delete(m.members, cmd.Member)
		} else {
			m.members[cmd.Member] = cmd.Addr
		}
	}
	return res
}

// Head is the last batch's header.
func (m *Machine) Head() Header { return m.log[len(m.log)-1].Header }

func (m *Machine) appendBatch(index, term uint64, b *Batch) (bool, error) {
	p := m.prepared
	m.prepared = nil
	parent := m.log[len(m.log)-1]
	h := b.Header
	pre := rootHash(m.st.Root())
	switch {
	case h.Number != parent.Header.Number+1:
		return false, fmt.Errorf("%w: batch number %d, next is %d", ErrBatchMismatch, h.Number, parent.Header.Number+1)
	case h.Parent != parent.Hash:
		return false, fmt.Errorf("%w: parent hash %s, head is %s", ErrBatchMismatch, h.Parent, parent.Hash)
	case h.PreRoot != pre:
		return false, fmt.Errorf("%w: pre-state root %s, state is at %s", ErrBatchMismatch, h.PreRoot, pre)
	case h.Timestamp < parent.Header.Timestamp:
		return false, fmt.Errorf("%w: timestamp %d before parent's %d", ErrBatchMismatch, h.Timestamp, parent.Header.Timestamp)
	case int(h.TxCount) != len(b.Txs):
		return false, fmt.Errorf("%w: header counts %d operations, batch has %d", ErrBatchMismatch, h.TxCount, len(b.Txs))
	case TxCommitment(b.Txs) != h.TxCommitment:
		return false, fmt.Errorf("%w: tx commitment", ErrBatchMismatch)
	}
	hash := h.Hash()
	// The cache is only this machine's own: a restore between Build and
	// Apply replaces the machine, and an execution planned on the old
	// state must not be written into the new one.
	if p == nil || p.header != hash || p.pre != pre || p.ov.s != m.st {
		var err error
		if p, err = m.execute(b.Txs); err != nil {
			return false, err
		}
	}
	if p.cursor != h.DepositCursor {
		return false, fmt.Errorf("%w: deposit cursor %d, re-execution reached %d", ErrBatchMismatch, h.DepositCursor, p.cursor)
	}
	if post := rootHash(stateRoot(m.st.h, m.st.tree.rootAfter(p.u), p.ov.size())); post != h.PostRoot {
		return false, fmt.Errorf("%w: post-state root %s, re-execution reached %s", ErrBatchMismatch, h.PostRoot, post)
	}
	// Everything checked: from here on nothing can fail.
	w, err := buildWitness(m.st, p.ov.covered(), p.u)
	if err != nil {
		return false, err
	}
	p.ov.commit(p.u)
	m.nextPriority = p.cursor
	rec := &BatchRecord{
		Header: h, Hash: hash, State: StateSequenced, Receipts: p.receipts,
		RaftIndex: index, RaftTerm: term, Txs: b.Txs,
		TxHashes: make([]TxHash, len(b.Txs)),
	}
	m.putWitness(h.Number, rec, EncodeWitness(w))
	for i := range b.Txs {
		th := b.Txs[i].Hash()
		rec.TxHashes[i] = th
		m.txLoc[th] = TxLocation{Batch: h.Number, Pos: uint32(i)}
	}
	m.log = append(m.log, rec)
	if h.Number%m.cfg.CheckpointInterval == 0 {
		m.checkpoints = append(m.checkpoints, Checkpoint{Batch: h.Number, Root: h.PostRoot, Header: hash, Accounts: uint64(len(m.st.accounts))})
		return true, nil
	}
	return false, nil
}

// execute runs a whole batch on an overlay; any invalid operation rejects it.
func (m *Machine) execute(txs []Tx) (*prepared, error) {
	p := &prepared{ov: newOverlay(m.st, m.st.h), cursor: m.nextPriority, receipts: make([]Receipt, len(txs))}
	if w, most := WideOps(txs), WideEntries(m.cfg.MaxBatchTxs); w > most {
		return nil, fmt.Errorf("%w: %w: %d withdrawals and priority operations, the public data holds %d", ErrBatchMismatch, ErrTooLarge, w, most)
	}
	l2seen := false
	for i := range txs {
		if txs[i].Kind.IsPriority() && l2seen {
			return nil, fmt.Errorf("%w: operation %d: %w: after an L2 transaction", ErrBatchMismatch, i, ErrPriorityOrder)
		}
		l2seen = l2seen || !txs[i].Kind.IsPriority()
		var pre *SigVerified
		if m.sigs != nil && !txs[i].Kind.IsPriority() {
			if ev, ok := m.sigs.Evidence(txs[i].Hash()); ok {
				pre = &ev
			}
		}
		r, err := p.ov.exec(&txs[i], &p.cursor, pre)
		if err != nil {
			return nil, fmt.Errorf("%w: operation %d: %w", ErrBatchMismatch, i, err)
		}
		p.receipts[i] = r
	}
	u, err := m.st.tree.plan(p.ov.seal(), m.st.h)
	if err != nil {
		return nil, err
	}
	p.u = u
	return p, nil
}

// Rejection says why the builder left an operation out of a batch.
type Rejection struct {
	Pos int
	Err error
}

// BuildResult is a proposed batch and what happened to each candidate.
type BuildResult struct {
	Batch *Batch
	// Included are the candidates' positions in the batch, in batch order.
	Included []int
	// Rejected candidates can never succeed (replay, overdraft, unknown
	// account); the client is told why.
	Rejected []Rejection
	// Deferred candidates may succeed later: a nonce ahead of its account
	// (an earlier one is still in flight) or a priority operation past a gap.
	Deferred []int

	prepared *prepared
}

// Adopt caches a built batch's execution, so that applying this very batch
// does not repeat it. Build only reads the machine (callers may run it under
// a read lock); Adopt is the one write and is cheap.
func (m *Machine) Adopt(res BuildResult) { m.prepared = res.prepared }

// Build is the leader's batcher step: it executes candidates in order against
// a copy of the state, keeps those that succeed, and returns the batch to
// propose. The state is unchanged; the result carries the execution, which
// Adopt caches so that applying this very batch does not repeat it. timestamp is raised to the parent's if
// the leader's clock is behind. A nil Batch means nothing was includable
// (unless allowEmpty, which yields an empty batch: a heartbeat on the chain).
func (m *Machine) Build(candidates []Tx, timestamp int64, allowEmpty bool) BuildResult {
	return m.BuildChecked(candidates, nil, timestamp, allowEmpty)
}

// BuildChecked is Build where verified[i], if it is evidence from
// VerifySignature for candidate i under its sender's key, spares the builder
// verifying that signature again (the API already did). The leader's own
// Apply reuses this execution; followers verify every signature anyway.
func (m *Machine) BuildChecked(candidates []Tx, verified []SigVerified, timestamp int64, allowEmpty bool) BuildResult {
	var res BuildResult
	p := &prepared{ov: newOverlay(m.st, m.buildH), cursor: m.nextPriority, pre: rootHash(m.st.Root())}
	var txs []Tx
	l2seen := false
	// Withdrawals and priority operations each take one of the public
	// data's few wide entries; past them they wait for the next batch (a
	// priority operation's successors then wait too, in queue order).
	wide, maxWide := 0, WideEntries(m.cfg.MaxBatchTxs)
	for i := range candidates {
		if len(txs) == m.cfg.MaxBatchTxs {
			res.Deferred = append(res.Deferred, i)
			continue
		}
		tx := &candidates[i]
		if (tx.Kind.IsPriority() && l2seen) || (tx.Kind.IsWide() && wide == maxWide) {
			res.Deferred = append(res.Deferred, i)
			continue
		}
		var pre *SigVerified
		if i < len(verified) {
			pre = &verified[i]
		}
		r, err := p.ov.exec(tx, &p.cursor, pre)
		switch {
		case errors.Is(err, ErrNonceTooHigh) || (errors.Is(err, ErrPriorityOrder) && tx.QueueIndex > p.cursor):
			res.Deferred = append(res.Deferred, i)
			continue
		case err != nil:
			res.Rejected = append(res.Rejected, Rejection{Pos: i, Err: err})
			continue
		}
		l2seen = l2seen || !tx.Kind.IsPriority()
		if tx.Kind.IsWide() {
			wide++
		}
		txs = append(txs, *tx)
		p.receipts = append(p.receipts, r)
		res.Included = append(res.Included, i)
	}
	if len(txs) == 0 && !allowEmpty {
		return res
	}
	u, err := m.st.tree.plan(p.ov.seal(), m.buildH)
	if err != nil {
		// Only a full tree fails here, and exec already refuses to create
		// accounts past capacity.
		for _, i := range res.Included {
			res.Rejected = append(res.Rejected, Rejection{Pos: i, Err: err})
		}
		res.Included = nil
		return res
	}
	p.u = u
	parent := m.log[len(m.log)-1]
	h := Header{
		Number:        parent.Header.Number + 1,
		Parent:        parent.Hash,
		PreRoot:       p.pre,
		PostRoot:      rootHash(stateRoot(m.buildH, m.st.tree.rootAfter(u), p.ov.size())),
		TxCommitment:  TxCommitment(txs),
		Timestamp:     max(timestamp, parent.Header.Timestamp),
		DepositCursor: p.cursor,
		TxCount:       uint32(len(txs)),
	}
	p.header = h.Hash()
	res.prepared = p
	res.Batch = &Batch{Header: h, Txs: txs}
	return res
}
