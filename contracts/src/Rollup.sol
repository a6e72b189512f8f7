// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

import {Groth16Verifier} from "./Groth16Verifier.sol";

/// @title baton's rollup: batch data in, proofs verified, state finalized
/// strictly in order.
/// @notice First part of the L1 settlement: commitBatch and proveBatch with
/// the permissioned prover set and its deadline. The priority queue
/// (deposits, forced exits) and withdrawals come next.
contract Rollup {
    /// BN254's scalar field: state roots are below it.
    uint256 internal constant R = 21888242871839275222246405745257275088548364400416034343698204186575808495617;
    /// Bytes per operation slot in a batch's public data (fsm.RecordSize).
    uint256 public constant RECORD_SIZE = 61;

    Groth16Verifier public immutable verifier;
    /// The only address that may commit batches (the sequencer cluster's).
    address public immutable sequencer;
    /// Operation slots of the circuit the verifier's key belongs to.
    uint256 public immutable slots;
    /// Blocks after a commit during which only permissioned provers may
    /// prove it; after that anyone may (the backup path).
    uint256 public immutable proveDeadline;

    mapping(address => bool) public isProver;

    struct Batch {
        uint256 commitment; // SHA-256 of the public data, top 3 bits cleared
        uint256 postRoot;
        uint256 committedAt; // block number
    }

    mapping(uint256 => Batch) public batches;
    uint256 public lastCommitted;
    uint256 public lastFinalized;
    /// The state root after lastFinalized: the next proof's pre-state root.
    uint256 public finalizedRoot;

    event BatchCommitted(uint256 indexed number, uint256 postRoot, uint256 commitment);
    event BatchFinalized(uint256 indexed number, uint256 postRoot, address prover);

    error NotSequencer();
    error WrongBatch(uint256 expected, uint256 got);
    error BadPublicData(uint256 length, uint256 expected);
    error RootOutOfField();
    error NotProver();
    error BadProof();

    constructor(
        Groth16Verifier verifier_,
        address sequencer_,
        uint256 slots_,
        uint256 genesisRoot,
        uint256 proveDeadline_,
        address[] memory provers
    ) {
        if (genesisRoot >= R) revert RootOutOfField();
        verifier = verifier_;
        sequencer = sequencer_;
        slots = slots_;
        finalizedRoot = genesisRoot;
        proveDeadline = proveDeadline_;
        for (uint256 i = 0; i < provers.length; i++) {
            isProver[provers[i]] = true;
        }
    }

    /// @notice Posts batch `number`'s public data (calldata only) and its
    /// claimed post-state root. Only the sequencer, only the next batch.
    function commitBatch(uint256 number, uint256 postRoot, bytes calldata pubdata) external {
        if (msg.sender != sequencer) revert NotSequencer();
        if (number != lastCommitted + 1) revert WrongBatch(lastCommitted + 1, number);
        if (pubdata.length != slots * RECORD_SIZE) revert BadPublicData(pubdata.length, slots * RECORD_SIZE);
        if (postRoot >= R) revert RootOutOfField();
        uint256 commitment = uint256(sha256(pubdata)) & ((1 << 253) - 1);
        batches[number] = Batch(commitment, postRoot, block.number);
        lastCommitted = number;
        emit BatchCommitted(number, postRoot, commitment);
    }

    /// @notice Verifies a proof that batch `number`'s data takes the last
    /// finalized root to its claimed root, and finalizes it. Strictly in
    /// order; a permissioned prover until the deadline, anyone after.
    function proveBatch(uint256 number, uint256[8] calldata proof) external {
        if (number != lastFinalized + 1 || number > lastCommitted) revert WrongBatch(lastFinalized + 1, number);
        Batch memory b = batches[number];
        if (!isProver[msg.sender] && block.number <= b.committedAt + proveDeadline) revert NotProver();
        if (!verifier.verifyProof(proof, [finalizedRoot, b.postRoot, b.commitment])) revert BadProof();
        lastFinalized = number;
        finalizedRoot = b.postRoot;
        emit BatchFinalized(number, b.postRoot, msg.sender);
    }
}
