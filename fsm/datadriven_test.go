package fsm

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
)

// TestDataDriven runs the scripts in testdata/*.txt. Each script drives two
// replicas from one genesis: a leader that builds batches and applies them,
// and a follower that only applies the same Raft entries. After every
// command the harness checks that both agree (root, head, snapshot bytes),
// so every script is also a two-replica determinism test.
//
// Rewrite the expected output after an intended change with
//
//	go test ./fsm -run TestDataDriven -rewrite
//
// and read the diff before committing it.
//
// Commands (arguments in brackets are optional):
//
//	genesis accounts=N balance=B [fee-account=0] [checkpoint=4] [max-txs=8] [depth=8] [ts=0]
//	    New replicas. Account i holds test key i and is owned by L1 address
//	    0xa0+i (written short: 0xa2 is 0x0000…00a2).
//	transfer from=1 to=2 amount=10 fee=1 nonce=0 [key=K]
//	withdraw from=1 to=0xc1 amount=10 fee=1 nonce=0 [key=K]
//	    Queue an L2 operation, signed with the sender's test key, or with
//	    test key K (for an account that does not exist yet, or a forgery).
//	deposit queue=0 key=7 owner=0xb7 amount=5
//	forced-exit queue=1 account=2 owner=0xa2
//	    Queue an L1 priority operation.
//	build ts=1000 [empty]
//	    The leader builds a batch from everything queued, in queue order,
//	    and says what happened to each operation. Deferred ones stay queued.
//	apply
//	    Both replicas apply the last built batch.
//	apply-tampered field=post_root|pre_root|parent|number|cursor|timestamp|commitment|count|amount|signature
//	    Both replicas apply a tampered copy of the last built batch; it must
//	    be rejected and change nothing.
//	record-posted n=1 | record-job n=1 attempt=1 | record-proof n=1 [prover=p1] [proof=beef] | finalize n=1
//	    Batch state changes, as the leader proposes them through Raft.
//	restore
//	    The follower is replaced by a restore of the leader's snapshot.
//	show accounts | show batch n=1 | show checkpoints | show pending
func TestDataDriven(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no scripts in testdata")
	}
	for _, path := range files {
		t.Run(strings.TrimSuffix(filepath.Base(path), ".txt"), func(t *testing.T) {
			h := &ddHarness{keys: testKeys(t, 1, ddKeyPool)}
			datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
				return h.run(t, d)
			})
		})
	}
}

// ddKeyPool is the number of deterministic test keys a script can name.
const ddKeyPool = 16

type ddPending struct {
	id int
	tx Tx
}

type ddHarness struct {
	keys     []PrivateKey
	g        Genesis
	leader   *Machine // builds and applies
	follower *Machine // only applies
	pending  []ddPending
	nextID   int
	built    *Batch
	index    uint64 // Raft index of the last entry
}

func (h *ddHarness) run(t *testing.T, d *datadriven.TestData) string {
	if d.Cmd != "genesis" && h.leader == nil {
		d.Fatalf(t, "%s before genesis", d.Cmd)
	}
	var out string
	switch d.Cmd {
	case "genesis":
		out = h.genesis(t, d)
	case "transfer", "withdraw", "deposit", "forced-exit":
		tx := h.parseTx(t, d)
		h.pending = append(h.pending, ddPending{id: h.nextID, tx: tx})
		h.nextID++
		out = fmt.Sprintf("queued as #%d", h.nextID-1)
	case "build":
		out = h.build(t, d)
	case "apply":
		if h.built == nil {
			d.Fatalf(t, "apply without a built batch")
		}
		out = h.apply(t, appendCmd(h.built), false)
	case "apply-tampered":
		if h.built == nil {
			d.Fatalf(t, "apply-tampered without a built batch")
		}
		var field string
		d.ScanArgs(t, "field", &field)
		out = h.apply(t, appendCmd(h.tamper(t, d, field)), true)
	case "record-posted", "record-job", "record-proof", "finalize":
		out = h.lifecycle(t, d)
	case "restore":
		out = h.restore(t)
	case "show":
		out = h.show(t, d)
	default:
		d.Fatalf(t, "unknown command %q", d.Cmd)
	}
	h.checkReplicasAgree(t)
	return out
}

func (h *ddHarness) genesis(t *testing.T, d *datadriven.TestData) string {
	n, balance := 0, uint64(0)
	d.ScanArgs(t, "accounts", &n)
	d.ScanArgs(t, "balance", &balance)
	if n < 1 || n > ddKeyPool {
		d.Fatalf(t, "accounts must be in [1, %d]", ddKeyPool)
	}
	g := Genesis{Config: DefaultConfig()}
	g.TreeDepth, g.CheckpointInterval, g.MaxBatchTxs = 8, 4, 8
	fee, k, maxTxs, depth := 0, 0, 0, 0
	scanOptional(t, d, "fee-account", &fee)
	scanOptional(t, d, "checkpoint", &k)
	scanOptional(t, d, "max-txs", &maxTxs)
	scanOptional(t, d, "depth", &depth)
	scanOptional(t, d, "ts", &g.Timestamp)
	g.FeeAccount = uint32(fee)
	if k > 0 {
		g.CheckpointInterval = uint64(k)
	}
	if maxTxs > 0 {
		g.MaxBatchTxs = maxTxs
	}
	if depth > 0 {
		g.TreeDepth = depth
	}
	for i := range n {
		g.Accounts = append(g.Accounts, GenesisAccount{PubKey: h.keys[i].Public(), Owner: ddOwner(i), Balance: balance})
	}
	h.g = g
	h.leader, h.follower = newTestMachine(t, g), newTestMachine(t, g)
	h.pending, h.nextID, h.built, h.index = nil, 0, nil, 0
	return fmt.Sprintf("root %s, fee account %d, checkpoint every %d batches\n%s",
		short(h.leader.Root()), g.FeeAccount, g.CheckpointInterval, h.balances())
}

// ddOwner is the L1 owner of genesis account i.
func ddOwner(i int) L1Address { return L1Address{19: byte(0xa0 + i)} }

func scanOptional(t *testing.T, d *datadriven.TestData, key string, dest any) {
	if d.HasArg(key) {
		d.ScanArgs(t, key, dest)
	}
}

func scanU32(t *testing.T, d *datadriven.TestData, key string) uint32 {
	var v uint64
	d.ScanArgs(t, key, &v)
	if v > 1<<32-1 {
		d.Fatalf(t, "%s=%d does not fit 32 bits", key, v)
	}
	return uint32(v)
}

// parseAddr reads a short hex L1 address, right-aligned: 0xa2 is 0x00…00a2.
func parseAddr(t *testing.T, d *datadriven.TestData, key string) L1Address {
	var s string
	d.ScanArgs(t, key, &s)
	s = strings.TrimPrefix(s, "0x")
	if len(s)%2 == 1 {
		s = "0" + s
	}
	b, err := hex.DecodeString(s)
	if err != nil || len(b) > 20 {
		d.Fatalf(t, "%s=%s is not an L1 address", key, s)
	}
	var a L1Address
	copy(a[20-len(b):], b)
	return a
}

// shortAddr writes an address without its leading zero bytes.
func shortAddr(a L1Address) string {
	b := bytes.TrimLeft(a[:], "\x00")
	if len(b) == 0 {
		return "0x00"
	}
	return "0x" + hex.EncodeToString(b)
}

func (h *ddHarness) parseTx(t *testing.T, d *datadriven.TestData) Tx {
	var tx Tx
	switch d.Cmd {
	case "transfer", "withdraw":
		tx.From = scanU32(t, d, "from")
		d.ScanArgs(t, "amount", &tx.Amount)
		d.ScanArgs(t, "fee", &tx.Fee)
		d.ScanArgs(t, "nonce", &tx.Nonce)
		if d.Cmd == "transfer" {
			tx.Kind, tx.To = KindTransfer, scanU32(t, d, "to")
		} else {
			tx.Kind, tx.L1Addr = KindWithdraw, parseAddr(t, d, "to")
		}
		signer := h.signer(tx.From)
		if d.HasArg("key") {
			k := 0
			d.ScanArgs(t, "key", &k)
			if k < 0 || k >= ddKeyPool {
				d.Fatalf(t, "key must be in [0, %d)", ddKeyPool)
			}
			signer = h.keys[k]
		}
		if err := tx.Sign(signer, h.g.ChainID); err != nil {
			t.Fatal(err)
		}
	case "deposit":
		tx.Kind = KindDeposit
		d.ScanArgs(t, "queue", &tx.QueueIndex)
		key := 0
		d.ScanArgs(t, "key", &key)
		if key < 0 || key >= ddKeyPool {
			d.Fatalf(t, "key must be in [0, %d)", ddKeyPool)
		}
		tx.PubKey = h.keys[key].Public()
		tx.L1Addr = parseAddr(t, d, "owner")
		d.ScanArgs(t, "amount", &tx.Amount)
	case "forced-exit":
		tx.Kind = KindForcedExit
		d.ScanArgs(t, "queue", &tx.QueueIndex)
		tx.From = scanU32(t, d, "account")
		tx.L1Addr = parseAddr(t, d, "owner")
	}
	return tx
}

// signer is the test key of account i, or key 0 for an unknown account.
func (h *ddHarness) signer(i uint32) PrivateKey {
	if a, ok := h.leader.Account(i); ok {
		if k := h.keyIndex(a.PubKey); k >= 0 {
			return h.keys[k]
		}
	}
	return h.keys[0]
}

func (h *ddHarness) keyIndex(p PubKey) int {
	for i, k := range h.keys {
		if k.Public() == p {
			return i
		}
	}
	return -1
}

func (h *ddHarness) describe(tx *Tx) string {
	switch tx.Kind {
	case KindTransfer:
		return fmt.Sprintf("transfer %d->%d amount=%d fee=%d nonce=%d", tx.From, tx.To, tx.Amount, tx.Fee, tx.Nonce)
	case KindWithdraw:
		return fmt.Sprintf("withdraw %d->%s amount=%d fee=%d nonce=%d", tx.From, shortAddr(tx.L1Addr), tx.Amount, tx.Fee, tx.Nonce)
	case KindDeposit:
		return fmt.Sprintf("deposit q=%d key=%d owner=%s amount=%d", tx.QueueIndex, h.keyIndex(tx.PubKey), shortAddr(tx.L1Addr), tx.Amount)
	case KindForcedExit:
		return fmt.Sprintf("forced-exit q=%d account=%d owner=%s", tx.QueueIndex, tx.From, shortAddr(tx.L1Addr))
	}
	return tx.Kind.String()
}

func (h *ddHarness) build(t *testing.T, d *datadriven.TestData) string {
	var ts int64
	d.ScanArgs(t, "ts", &ts)
	cands := make([]Tx, len(h.pending))
	for i, p := range h.pending {
		cands[i] = p.tx
	}
	rootBefore := h.leader.Root()
	res := h.leader.Build(cands, ts, d.HasArg("empty"))
	if h.leader.Root() != rootBefore {
		t.Errorf("Build changed the leader's state")
	}
	h.leader.Adopt(res)
	outcome := make([]string, len(cands))
	for _, i := range res.Included {
		outcome[i] = "included"
	}
	for _, r := range res.Rejected {
		outcome[r.Pos] = "rejected: " + fmtErr(r.Err)
	}
	for _, i := range res.Deferred {
		outcome[i] = "deferred"
	}
	var b strings.Builder
	var keep []ddPending
	for i, p := range h.pending {
		if outcome[i] == "" {
			t.Errorf("candidate #%d has no outcome", p.id)
		}
		fmt.Fprintf(&b, "#%d %s: %s\n", p.id, h.describe(&p.tx), outcome[i])
		if outcome[i] == "deferred" {
			keep = append(keep, p)
		}
	}
	h.pending = keep
	h.built = res.Batch
	if res.Batch == nil {
		b.WriteString("no batch: nothing to include\n")
		return b.String()
	}
	hd := res.Batch.Header
	fmt.Fprintf(&b, "batch %d: %d ops, ts=%d, cursor=%d, root %s -> %s\n",
		hd.Number, hd.TxCount, hd.Timestamp, hd.DepositCursor, short(hd.PreRoot), short(hd.PostRoot))
	return b.String()
}

// apply hands one entry to both replicas. A rejection must change nothing;
// wantReject says whether the script expects one.
func (h *ddHarness) apply(t *testing.T, data []byte, wantReject bool) string {
	h.index++
	accountsBefore := h.leader.NumAccounts()
	var b strings.Builder
	var res [2]Result
	for i, m := range []*Machine{h.leader, h.follower} {
		before := captureState(t, m)
		res[i] = m.Apply(h.index, 1, data)
		if res[i].Err != nil {
			if diff := before.diff(captureState(t, m)); diff != "" {
				t.Errorf("rejected entry changed the state: %s", diff)
			}
		}
	}
	if (res[0].Err == nil) != (res[1].Err == nil) {
		t.Errorf("replicas disagree: leader %v, follower %v", res[0].Err, res[1].Err)
	}
	if res[0].Err != nil {
		fmt.Fprintf(&b, "rejected: %s\nstate unchanged: head %d, root %s\n", fmtErr(res[0].Err), h.leader.Head().Number, short(h.leader.Root()))
		return b.String()
	}
	if wantReject {
		t.Errorf("tampered batch was accepted")
	}
	rec, _ := h.leader.Batch(res[0].Batch)
	fmt.Fprintf(&b, "batch %d %s", res[0].Batch, rec.State)
	if res[0].Checkpoint {
		b.WriteString(" (checkpoint)")
	}
	fmt.Fprintf(&b, "\nhead %d, root %s\n", h.leader.Head().Number, short(h.leader.Root()))
	b.WriteString(h.receipts(&rec, accountsBefore))
	b.WriteString(h.balances())
	return b.String()
}

// receipts lists what each priority operation of rec did; accountsBefore
// (the number of accounts before the batch, or -1 if unknown) tells a
// created account from a credited one.
func (h *ddHarness) receipts(rec *BatchRecord, accountsBefore int) string {
	var b strings.Builder
	seen := make(map[uint32]bool)
	for i, r := range rec.Receipts {
		if i >= len(rec.Txs) || !rec.Txs[i].Kind.IsPriority() {
			continue
		}
		created := accountsBefore >= 0 && int(r.Account) >= accountsBefore && !seen[r.Account]
		seen[r.Account] = true
		fmt.Fprintf(&b, "  op %d %s: %s\n", i, rec.Txs[i].Kind, receiptText(&rec.Txs[i], r, created))
	}
	return b.String()
}

// receiptText says what a priority operation did; created says that a
// deposit created its account.
func receiptText(tx *Tx, r Receipt, created bool) string {
	switch {
	case r.Failed:
		return "no-op, " + r.Reason
	case tx.Kind == KindDeposit && created:
		return fmt.Sprintf("created account %d", r.Account)
	case tx.Kind == KindDeposit:
		return fmt.Sprintf("credited account %d", r.Account)
	case tx.Kind == KindForcedExit:
		return fmt.Sprintf("account %d pays %d to %s", r.Account, r.Exit, shortAddr(tx.L1Addr))
	}
	return "ok"
}

func (h *ddHarness) balances() string {
	var parts []string
	for i := range h.leader.NumAccounts() {
		a, _ := h.leader.Account(uint32(i))
		parts = append(parts, fmt.Sprintf("%d=%d", i, a.Balance))
	}
	return "balances: " + strings.Join(parts, " ") + "\n"
}

func (h *ddHarness) tamper(t *testing.T, d *datadriven.TestData, field string) *Batch {
	b := &Batch{Header: h.built.Header, Txs: slices.Clone(h.built.Txs)}
	hd := &b.Header
	switch field {
	case "post_root":
		hd.PostRoot[0] ^= 0x80
	case "pre_root":
		hd.PreRoot[0] ^= 0x80
	case "parent":
		hd.Parent[0] ^= 0x80
	case "number":
		hd.Number++
	case "cursor":
		hd.DepositCursor++
	case "timestamp":
		hd.Timestamp = h.leader.Head().Timestamp - 1
	case "commitment":
		hd.TxCommitment[0] ^= 1
	case "count":
		// The entry then does not decode: one operation is missing.
		hd.TxCount++
	case "amount", "signature":
		i := slices.IndexFunc(b.Txs, func(tx Tx) bool { return tx.Kind == KindTransfer || tx.Kind == KindWithdraw })
		if i < 0 {
			d.Fatalf(t, "no transfer or withdrawal to tamper with")
		}
		if field == "amount" {
			// A changed operation, validly signed, with a fixed-up
			// commitment: only the post-state root can catch it.
			b.Txs[i].Amount++
			if err := b.Txs[i].Sign(h.signer(b.Txs[i].From), h.g.ChainID); err != nil {
				t.Fatal(err)
			}
		} else {
			b.Txs[i].Sig[SigSize-1] ^= 1
		}
		hd.TxCommitment = TxCommitment(b.Txs)
	default:
		d.Fatalf(t, "unknown field %q", field)
	}
	return b
}

func (h *ddHarness) lifecycle(t *testing.T, d *datadriven.TestData) string {
	var n uint64
	d.ScanArgs(t, "n", &n)
	c := Command{Number: n}
	switch d.Cmd {
	case "record-posted":
		c.Type, c.Ref = CmdRecordPosted, Hash{0: 0xd0, 31: byte(n)}
	case "record-proof":
		c.Type, c.Prover, c.Proof = CmdRecordProof, "p1", []byte{0xbe, 0xef}
		scanOptional(t, d, "prover", &c.Prover)
		if d.HasArg("proof") {
			var s string
			d.ScanArgs(t, "proof", &s)
			p, err := hex.DecodeString(s)
			if err != nil {
				d.Fatalf(t, "proof=%s is not hex", s)
			}
			c.Proof = p
		}
	case "record-job":
		var a uint64
		d.ScanArgs(t, "attempt", &a)
		c.Type, c.Attempt = CmdRecordJob, uint32(a)
	case "finalize":
		c.Type, c.Ref = CmdMarkFinalized, Hash{0: 0xf0, 31: byte(n)}
	}
	h.index++
	data := c.Encode()
	var (
		errs     [2]error
		advanced bool
	)
	for i, m := range []*Machine{h.leader, h.follower} {
		before := captureState(t, m)
		res := m.Apply(h.index, 1, data)
		errs[i], advanced = res.Err, res.Advanced
		if errs[i] != nil {
			if diff := before.diff(captureState(t, m)); diff != "" {
				t.Errorf("rejected entry changed the state: %s", diff)
			}
		}
	}
	if fmt.Sprint(errs[0]) != fmt.Sprint(errs[1]) {
		t.Errorf("replicas disagree: leader %v, follower %v", errs[0], errs[1])
	}
	var b strings.Builder
	if errs[0] != nil {
		fmt.Fprintf(&b, "error: %s\n", fmtErr(errs[0]))
	} else if !advanced {
		b.WriteString("accepted, no stage advanced\n")
	}
	if rec, ok := h.leader.Batch(n); ok && n > 0 {
		fmt.Fprintf(&b, "batch %d: %s\n", n, rec.State)
	}
	fmt.Fprintf(&b, "last finalized %d, unfinished %v, posted through %d, proven through %d\n", h.leader.LastFinalized(), h.leader.Unfinished(), h.leader.LastPosted(), h.leader.ProvenThrough())
	return b.String()
}

func (h *ddHarness) restore(t *testing.T) string {
	var buf bytes.Buffer
	if _, err := mustSnapshot(t, h.leader).WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	m, err := Restore(h.g.Config, &buf)
	if err != nil {
		return "error: " + fmtErr(err)
	}
	h.follower = m
	return fmt.Sprintf("follower restored: head %d, root %s", m.Head().Number, short(m.Root()))
}

func (h *ddHarness) show(t *testing.T, d *datadriven.TestData) string {
	if len(d.CmdArgs) == 0 {
		d.Fatalf(t, "show what?")
	}
	var b strings.Builder
	switch what := d.CmdArgs[0].Key; what {
	case "accounts":
		for i := range h.leader.NumAccounts() {
			a, _ := h.leader.Account(uint32(i))
			fmt.Fprintf(&b, "%d: key=%d owner=%s balance=%d nonce=%d\n", i, h.keyIndex(a.PubKey), shortAddr(a.Owner), a.Balance, a.Nonce)
		}
	case "batch":
		var n uint64
		d.ScanArgs(t, "n", &n)
		rec, ok := h.leader.Batch(n)
		if !ok {
			return fmt.Sprintf("batch %d: not in the log", n)
		}
		hd := rec.Header
		fmt.Fprintf(&b, "batch %d: %s, ts=%d, cursor=%d, %d ops, root %s -> %s\n",
			n, rec.State, hd.Timestamp, hd.DepositCursor, hd.TxCount, short(hd.PreRoot), short(hd.PostRoot))
		if rec.Attempt > 0 {
			fmt.Fprintf(&b, "proof job attempt %d\n", rec.Attempt)
		}
		if rec.Txs == nil {
			b.WriteString("operations pruned\n")
		}
		for i := range rec.Txs {
			fmt.Fprintf(&b, "  op %d: %s", i, h.describe(&rec.Txs[i]))
			if rec.Txs[i].Kind.IsPriority() && i < len(rec.Receipts) {
				fmt.Fprintf(&b, " => %s", receiptText(&rec.Txs[i], rec.Receipts[i], false))
			}
			b.WriteString("\n")
		}
		if rec.Prover != "" {
			fmt.Fprintf(&b, "proof by %s, %d bytes\n", rec.Prover, len(rec.Proof))
		}
		if w, err := h.leader.Witness(n); err != nil {
			b.WriteString("no witness\n")
		} else {
			fmt.Fprintf(&b, "witness: %d accounts, %d nodes\n", len(w.Accounts), len(w.Nodes))
		}
	case "checkpoints":
		cps := h.leader.Checkpoints()
		if len(cps) == 0 {
			b.WriteString("none\n")
		}
		for _, c := range cps {
			fmt.Fprintf(&b, "batch %d: root %s, %d accounts\n", c.Batch, short(c.Root), c.Accounts)
		}
	case "pending":
		if len(h.pending) == 0 {
			b.WriteString("none\n")
		}
		for _, p := range h.pending {
			fmt.Fprintf(&b, "#%d %s\n", p.id, h.describe(&p.tx))
		}
	default:
		d.Fatalf(t, "show %s?", what)
	}
	return b.String()
}

// checkReplicasAgree fails the script if the follower drifted from the
// leader in any way a snapshot can see.
func (h *ddHarness) checkReplicasAgree(t *testing.T) {
	if h.leader == nil {
		return
	}
	if diff := captureState(t, h.leader).diff(captureState(t, h.follower)); diff != "" {
		t.Errorf("leader and follower differ: %s", diff)
	}
}

// machineState is everything a rejected command must leave alone.
type machineState struct {
	root     Hash
	head     Header
	snapshot []byte
}

func captureState(t testing.TB, m *Machine) machineState {
	t.Helper()
	return machineState{root: m.Root(), head: m.Head(), snapshot: snapshotBytes(t, m)}
}

func (s machineState) diff(o machineState) string {
	switch {
	case s.root != o.root:
		return fmt.Sprintf("root %s vs %s", s.root, o.root)
	case s.head != o.head:
		return fmt.Sprintf("head %+v vs %+v", s.head, o.head)
	case !bytes.Equal(s.snapshot, o.snapshot):
		return "snapshot bytes differ"
	}
	return ""
}

func snapshotBytes(t testing.TB, m *Machine) []byte {
	t.Helper()
	var buf bytes.Buffer
	if _, err := mustSnapshot(t, m).WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// short is the first four bytes of a hash, enough to tell roots apart in a
// script.
func short(h Hash) string { return "0x" + hex.EncodeToString(h[:4]) }

var longHex = regexp.MustCompile(`0x([0-9a-f]{8})[0-9a-f]{56}`)

// fmtErr shortens the hashes inside an error message.
func fmtErr(err error) string {
	if err == nil {
		return "<nil>"
	}
	return longHex.ReplaceAllString(err.Error(), "0x$1")
}
