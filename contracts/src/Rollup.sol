// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Groth16Verifier} from "./Groth16Verifier.sol";

/// @title baton's rollup: batch data in, proofs verified, state finalized
/// strictly in order.
/// @notice commitBatch and proveBatch with the permissioned prover set and
/// its deadline; the priority queue (deposits, forced exits) that committed
/// batches must consume in order; and payouts: a finalized batch's
/// withdrawals, forced exits and refused deposits become claimable by
/// their L1 addresses, each once.
contract Rollup {
    /// BN254's scalar field: state roots are below it.
    uint256 internal constant R = 21888242871839275222246405745257275088548364400416034343698204186575808495617;
    /// A batch's public data (fsm/pubdata.go documents it byte by byte):
    /// one RECORD_SIZE record per slot, then `wide` entries of WIDE_SIZE
    /// bytes, taken in order by the withdrawals, deposits and forced exits.
    /// Record: kind(1) | account(4) | to(4) | packed amount(5) | packed
    /// fee(2). Wide entry: amount(8) | public key(32) | L1 address(20) | 0(4).
    /// The sequencer posts only the wide entries its records take (k of
    /// them, 0 <= k <= wide); the commitment is over the data padded with
    /// zero bytes to pubdataLength() (fsm.PostedData, fsm.FullData).
    uint256 public constant RECORD_SIZE = 16;
    uint256 public constant WIDE_SIZE = 64;
    uint256 internal constant W_AMOUNT = 0;
    uint256 internal constant W_ADDR = 40;
    /// L2 amounts are in gwei.
    uint256 public constant UNIT = 1 gwei;
    /// The twisted Edwards curve of L2 keys (over the scalar field R):
    /// -x^2 + y^2 = 1 + D x^2 y^2.
    uint256 internal constant D = 12181644023421730124874158521699555681764249180949974110617291017600649128846;

    uint8 internal constant KIND_TRANSFER = 1;
    uint8 internal constant KIND_WITHDRAW = 2;
    uint8 internal constant KIND_DEPOSIT = 3;
    uint8 internal constant KIND_EXIT = 4;
    uint8 internal constant FAILED = 0x80;

    /// One verifier per circuit size (operation slots): a batch is proven
    /// by the circuit of the size it was committed with.
    mapping(uint256 => Groth16Verifier) public verifierFor;
    /// The sizes, ascending (fsm.Sizes).
    uint256[] internal sizes;
    /// The only address that may commit batches (the sequencer cluster's).
    address public immutable sequencer;
    /// Blocks after a commit during which only permissioned provers may
    /// prove it; after that anyone may (the backup path).
    uint256 public immutable proveDeadline;
    /// Depth of the account tree: forced exits name an index below 2^depth.
    uint256 public immutable treeDepth;
    /// Blocks a priority entry may wait: past that, the next commit must
    /// consume it or revert (force inclusion).
    uint256 public immutable inclusionDeadline;

    /// A priority entry: what its record in a batch must say, and when it
    /// was queued.
    struct Entry {
        bytes32 hash;
        uint256 queuedAt;
    }

    Entry[] public queue;
    /// Wei each L1 address may claim from finalized batches.
    mapping(address => uint256) public claimable;
    /// Entries before this index are consumed by committed batches.
    uint256 public nextPriority;

    mapping(address => bool) public isProver;

    struct Batch {
        uint256 commitment; // SHA-256 of the public data, top 3 bits cleared
        uint256 postRoot;
        /// Hash chain of the batch's payouts (see _payout); zero if none,
        /// which most batches of transfers have.
        bytes32 payouts;
        uint64 committedAt; // block number
        uint32 slots; // the circuit size it was committed for
    }

    mapping(uint256 => Batch) public batches;
    uint256 public lastCommitted;
    uint256 public lastFinalized;
    /// The state root after lastFinalized: the next proof's pre-state root.
    uint256 public finalizedRoot;

    event BatchCommitted(uint256 indexed number, uint256 postRoot, uint256 commitment);
    event Deposit(uint256 indexed index, bytes32 pubkey, address owner, uint64 amount);
    event ForcedExitRequested(uint256 indexed index, uint32 account, address owner);
    event Claimable(address indexed to, uint256 amount);
    event Claimed(address indexed to, uint256 amount);
    event BatchFinalized(uint256 indexed number, uint256 postRoot, address prover);

    error NotSequencer();
    error WrongBatch(uint256 expected, uint256 got);
    error BadPublicData(uint256 length, uint256 expected);
    error RootOutOfField();
    error NotProver();
    error BadProof();
    error BadAmount();
    error BadKey();
    error BadAccount();
    error BadRecord(uint256 slot);
    error PriorityMismatch(uint256 slot, uint256 index);
    error PriorityOverdue(uint256 index);
    error NothingToClaim();
    error PayoutFailed();
    error UnknownSize(uint256 slots);
    error BadSizes();
    error BadPayouts();

    constructor(
        Groth16Verifier[] memory verifiers_,
        uint256[] memory sizes_,
        address sequencer_,
        uint256 genesisRoot,
        uint256 proveDeadline_,
        uint256 treeDepth_,
        uint256 inclusionDeadline_,
        address[] memory provers
    ) {
        if (genesisRoot >= R) revert RootOutOfField();
        if (sizes_.length == 0 || sizes_.length != verifiers_.length) revert BadSizes();
        for (uint256 i = 0; i < sizes_.length; i++) {
            if (sizes_[i] == 0 || sizes_[i] > type(uint32).max || (i > 0 && sizes_[i] <= sizes_[i - 1])) revert BadSizes();
            if (address(verifiers_[i]) == address(0)) revert BadSizes();
            verifierFor[sizes_[i]] = verifiers_[i];
        }
        sizes = sizes_;
        sequencer = sequencer_;
        finalizedRoot = genesisRoot;
        proveDeadline = proveDeadline_;
        treeDepth = treeDepth_;
        inclusionDeadline = inclusionDeadline_;
        for (uint256 i = 0; i < provers.length; i++) {
            isProver[provers[i]] = true;
        }
    }

    /// @notice Posts batch `number`'s public data (calldata only), laid
    /// out for the circuit of `slots` slots, and its claimed post-state
    /// root. Only the sequencer, only the next batch. The payouts the
    /// data releases once proven are kept as one hash.
    function commitBatch(uint256 number, uint256 postRoot, uint256 slots, bytes calldata pubdata) external {
        if (msg.sender != sequencer) revert NotSequencer();
        if (number != lastCommitted + 1) revert WrongBatch(lastCommitted + 1, number);
        if (address(verifierFor[slots]) == address(0)) revert UnknownSize(slots);
        uint256 commitment = _commitment(pubdata, slots);
        if (postRoot >= R) revert RootOutOfField();
        bytes32 payouts = _consumePriority(pubdata, slots);
        batches[number] = Batch(commitment, postRoot, payouts, uint64(block.number), uint32(slots));
        lastCommitted = number;
        emit BatchCommitted(number, postRoot, commitment);
    }

    /// The circuit sizes, ascending.
    function circuitSizes() external view returns (uint256[] memory) {
        return sizes;
    }

    /// @notice Queues a deposit of msg.value (whole gwei) to the L2 account
    /// with compressed key `pubkey` (created on the first deposit, owned by
    /// msg.sender). The key must be the canonical encoding of a curve point:
    /// L2 could not prove a batch holding anything else.
    function deposit(bytes32 pubkey) external payable {
        if (msg.value == 0 || msg.value % UNIT != 0 || msg.value / UNIT > type(uint64).max) revert BadAmount();
        if (!validKey(pubkey)) revert BadKey();
        uint64 amount = uint64(msg.value / UNIT);
        bytes32 h = keccak256(abi.encodePacked(amount, pubkey, msg.sender));
        queue.push(Entry(h, block.number));
        emit Deposit(queue.length - 1, pubkey, msg.sender, amount);
    }

    /// @notice Queues a forced exit: `account`'s whole balance to its L1
    /// owner, if msg.sender is that owner (L2 proves it either way).
    function forceExit(uint32 account) external {
        if (uint256(account) >> treeDepth != 0) revert BadAccount();
        bytes32 h = keccak256(abi.encodePacked(account, msg.sender));
        queue.push(Entry(h, block.number));
        emit ForcedExitRequested(queue.length - 1, account, msg.sender);
    }

    function queueLength() external view returns (uint256) {
        return queue.length;
    }

    /// Wide entries in the public data of `slots` slots (fsm.WideEntries):
    /// max(min(slots, 4), slots / 16).
    function wideEntries(uint256 slots) public pure returns (uint256) {
        uint256 w = slots / 16;
        uint256 least = slots < 4 ? slots : 4;
        return w > least ? w : least;
    }

    /// The length of a batch's full public data for `slots` slots, the
    /// most such a batch posts.
    function pubdataLength(uint256 slots) public pure returns (uint256) {
        return slots * RECORD_SIZE + wideEntries(slots) * WIDE_SIZE;
    }

    /// The data commitment of posted public data: SHA-256 of it padded
    /// with zero bytes to pubdataLength(slots), top 3 bits cleared (below
    /// the field modulus). Reverts BadPublicData unless the data is the
    /// records and then whole wide entries, at most wideEntries(slots).
    function _commitment(bytes calldata pubdata, uint256 slots) internal pure returns (uint256) {
        uint256 full = pubdataLength(slots);
        uint256 recs = slots * RECORD_SIZE;
        if (pubdata.length < recs || pubdata.length > full || (pubdata.length - recs) % WIDE_SIZE != 0) {
            revert BadPublicData(pubdata.length, full);
        }
        bytes memory padded = new bytes(full); // zeroed
        assembly ("memory-safe") {
            calldatacopy(add(padded, 32), pubdata.offset, pubdata.length)
        }
        return uint256(sha256(padded)) & ((1 << 253) - 1);
    }

    /// The wide entry a batch's `n`-th wide operation takes; reverts
    /// BadRecord(slot) past the last posted one (an entry in use is
    /// posted, never read as the zero padding).
    function _entry(bytes calldata pubdata, uint256 slots, uint256 n, uint256 slot) internal pure returns (bytes calldata) {
        uint256 off = slots * RECORD_SIZE + n * WIDE_SIZE;
        if (off + WIDE_SIZE > pubdata.length) revert BadRecord(slot);
        return pubdata[off:off + WIDE_SIZE];
    }

    /// Checks every record's kind, matches priority records against the
    /// queue in order, refuses to leave an overdue entry behind, and
    /// returns the hash chain of the batch's payouts: withdrawals, forced
    /// exits and deposits L2 refused (returned to their owner), each from
    /// its wide entry's exact amount and address, in slot order.
    function _consumePriority(bytes calldata pubdata, uint256 slots) internal returns (bytes32 payouts) {
        uint256 next = nextPriority;
        uint256 n; // wide entries taken so far
        for (uint256 i = 0; i < slots; i = _inc(i)) {
            uint8 tag;
            // The common case, a transfer or an empty slot, costs a load
            // and a compare: most of a big batch's commit is this loop.
            // In bounds: _commitment checked slots * RECORD_SIZE <= length.
            assembly ("memory-safe") {
                tag := byte(0, calldataload(add(pubdata.offset, mul(i, RECORD_SIZE))))
            }
            if (tag <= KIND_TRANSFER) continue;
            uint8 kind = tag & ~FAILED;
            if (kind == KIND_WITHDRAW) {
                if (tag & FAILED != 0) revert BadRecord(i);
                payouts = _payout(payouts, _entry(pubdata, slots, n++, i));
                continue;
            }
            if (kind != KIND_DEPOSIT && kind != KIND_EXIT) revert BadRecord(i);
            if (next >= queue.length) revert PriorityMismatch(i, next);
            bytes calldata e = _entry(pubdata, slots, n++, i);
            bytes32 h = kind == KIND_DEPOSIT
                ? keccak256(e[0:60]) // amount, key, owner
                : keccak256(abi.encodePacked(pubdata[i * RECORD_SIZE + 1:i * RECORD_SIZE + 5], e[W_ADDR:W_ADDR + 20])); // account, owner
            if (h != queue[next].hash) revert PriorityMismatch(i, next);
            next++;
            if (tag == KIND_EXIT || tag == (KIND_DEPOSIT | FAILED)) payouts = _payout(payouts, e);
        }
        nextPriority = next;
        if (next < queue.length && block.number > queue[next].queuedAt + inclusionDeadline) {
            revert PriorityOverdue(next);
        }
    }

    function _inc(uint256 i) internal pure returns (uint256) {
        unchecked {
            return i + 1; // i < slots < 2^32
        }
    }

    /// Extends the payouts hash chain with wide entry `e`'s address and
    /// amount (a zero amount pays nothing and is left out). proveBatch is
    /// given the payouts as PAYOUT_SIZE-byte address(20) | amount(8)
    /// entries and checks them against the chain.
    function _payout(bytes32 chain, bytes calldata e) internal pure returns (bytes32) {
        bytes8 amount = bytes8(e[W_AMOUNT:W_AMOUNT + 8]);
        if (amount == 0) return chain;
        return keccak256(abi.encodePacked(chain, bytes20(e[W_ADDR:W_ADDR + 20]), amount));
    }

    /// Whether `pubkey` is the canonical compressed encoding of a point of
    /// the L2 curve (gnark-crypto's: y little-endian, x's sign in the top
    /// bit), as fsm accepts keys.
    function validKey(bytes32 pubkey) public view returns (bool) {
        uint256 le = uint256(pubkey);
        uint256 y;
        for (uint256 i = 0; i < 32; i++) {
            y |= ((le >> (8 * (31 - i))) & 0xff) << (8 * i);
        }
        uint256 sign = y >> 255;
        y &= (1 << 255) - 1;
        if (y >= R) return false;
        uint256 y2 = mulmod(y, y, R);
        uint256 u = addmod(y2, R - 1, R); // y^2 - 1
        uint256 v = addmod(mulmod(D, y2, R), 1, R); // d y^2 + 1
        if (v == 0) return false;
        (bool ok, uint256 vInv) = modexp(v, R - 2);
        if (!ok) return false;
        uint256 x2 = mulmod(u, vInv, R);
        if (x2 == 0) return sign == 0; // x = 0 has no sign to give
        (bool ok2, uint256 legendre) = modexp(x2, (R - 1) / 2);
        return ok2 && legendre == 1;
    }

    function modexp(uint256 b, uint256 e) internal view returns (bool ok, uint256 r) {
        uint256[6] memory input = [uint256(32), 32, 32, b, e, R];
        uint256[1] memory out;
        assembly ("memory-safe") {
            ok := staticcall(gas(), 0x05, input, 192, out, 32)
        }
        r = out[0];
    }

    /// @notice Verifies a proof that batch `number`'s data takes the last
    /// finalized root to its claimed root, with the verifier of the size it
    /// was committed for, and finalizes it. Strictly in order; a
    /// permissioned prover until the deadline, anyone after. `payouts` are
    /// the batch's payouts (fsm.Payouts: PAYOUT_SIZE bytes each, empty for
    /// most batches), checked against the hash its commit kept; they become
    /// claimable. The public data is not sent again: its commitment was
    /// kept at commit.
    function proveBatch(uint256 number, uint256[8] calldata proof, bytes calldata payouts) external {
        if (number != lastFinalized + 1 || number > lastCommitted) revert WrongBatch(lastFinalized + 1, number);
        Batch storage b = batches[number];
        if (!isProver[msg.sender] && block.number <= b.committedAt + proveDeadline) revert NotProver();
        uint256 post = b.postRoot;
        if (!verifierFor[b.slots].verifyProof(proof, [finalizedRoot, post, b.commitment])) revert BadProof();
        _release(payouts, b.payouts);
        lastFinalized = number;
        finalizedRoot = post;
        emit BatchFinalized(number, post, msg.sender);
    }

    uint256 public constant PAYOUT_SIZE = 28;

    /// Credits payouts after checking them against the chain commitBatch
    /// kept (reverts BadPayouts otherwise).
    function _release(bytes calldata payouts, bytes32 want) internal {
        if (payouts.length % PAYOUT_SIZE != 0) revert BadPayouts();
        bytes32 chain;
        for (uint256 off = 0; off < payouts.length; off += PAYOUT_SIZE) {
            bytes calldata p = payouts[off:off + PAYOUT_SIZE];
            uint64 amount = uint64(bytes8(p[20:28]));
            if (amount == 0) revert BadPayouts();
            chain = keccak256(abi.encodePacked(chain, bytes20(p[0:20]), bytes8(amount)));
            address to = address(bytes20(p[0:20]));
            claimable[to] += uint256(amount) * UNIT;
            emit Claimable(to, uint256(amount) * UNIT);
        }
        if (chain != want) revert BadPayouts();
    }

    /// @notice Pays msg.sender everything finalized batches released to it.
    function claim() external {
        uint256 amount = claimable[msg.sender];
        if (amount == 0) revert NothingToClaim();
        claimable[msg.sender] = 0; // before the call: a re-entrant claim finds nothing
        (bool ok,) = msg.sender.call{value: amount}("");
        if (!ok) revert PayoutFailed();
        emit Claimed(msg.sender, amount);
    }
}
