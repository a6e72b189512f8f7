// SPDX-License-Identifier: MIT
pragma solidity 0.8.37;

/// @title Groth16 verifier over BN254 for baton's batch circuit.
/// @notice The verifying key is given at deployment and kept in immutables,
/// so a new `baton setup` needs a new deployment but no Solidity compiler:
/// this bytecode serves every key with three public inputs (pre-state root,
/// post-state root, data commitment).
/// @dev Checks e(-A, B) · e(alpha, beta) · e(vk_x, gamma) · e(C, delta) = 1
/// with vk_x = IC0 + Σ input_i · IC_{i+1}, through the EIP-196/197
/// precompiles. G2 coordinates are in the precompile's order: the
/// imaginary part first.
contract Groth16Verifier {
    /// BN254's scalar field: every public input must be below it.
    uint256 internal constant R = 21888242871839275222246405745257275088548364400416034343698204186575808495617;
    /// BN254's base field: point coordinates are below it.
    uint256 internal constant Q = 21888242871839275222246405745257275088696311157297823662689037894645226208583;

    uint256 internal immutable alphaX;
    uint256 internal immutable alphaY;
    uint256 internal immutable betaX1;
    uint256 internal immutable betaX0;
    uint256 internal immutable betaY1;
    uint256 internal immutable betaY0;
    uint256 internal immutable gammaX1;
    uint256 internal immutable gammaX0;
    uint256 internal immutable gammaY1;
    uint256 internal immutable gammaY0;
    uint256 internal immutable deltaX1;
    uint256 internal immutable deltaX0;
    uint256 internal immutable deltaY1;
    uint256 internal immutable deltaY0;
    uint256 internal immutable ic0X;
    uint256 internal immutable ic0Y;
    uint256 internal immutable ic1X;
    uint256 internal immutable ic1Y;
    uint256 internal immutable ic2X;
    uint256 internal immutable ic2Y;
    uint256 internal immutable ic3X;
    uint256 internal immutable ic3Y;

    /// @param vk alpha (x, y), beta, gamma, delta (each x1, x0, y1, y0),
    /// then IC0..IC3 (each x, y): 22 words.
    constructor(uint256[22] memory vk) {
        for (uint256 i = 0; i < 22; i++) {
            require(vk[i] < Q, "verifying key coordinate out of range");
        }
        alphaX = vk[0];
        alphaY = vk[1];
        betaX1 = vk[2];
        betaX0 = vk[3];
        betaY1 = vk[4];
        betaY0 = vk[5];
        gammaX1 = vk[6];
        gammaX0 = vk[7];
        gammaY1 = vk[8];
        gammaY0 = vk[9];
        deltaX1 = vk[10];
        deltaX0 = vk[11];
        deltaY1 = vk[12];
        deltaY0 = vk[13];
        ic0X = vk[14];
        ic0Y = vk[15];
        ic1X = vk[16];
        ic1Y = vk[17];
        ic2X = vk[18];
        ic2Y = vk[19];
        ic3X = vk[20];
        ic3Y = vk[21];
    }

    /// @notice The key, in the constructor's layout, so anyone can check
    /// what this verifier accepts against `baton setup`'s output.
    function verifyingKey() external view returns (uint256[22] memory vk) {
        vk = [
            alphaX, alphaY, betaX1, betaX0, betaY1, betaY0, gammaX1, gammaX0, gammaY1, gammaY0, deltaX1,
            deltaX0, deltaY1, deltaY0, ic0X, ic0Y, ic1X, ic1Y, ic2X, ic2Y, ic3X, ic3Y
        ];
    }

    /// @param proof A (x, y), B (x1, x0, y1, y0), C (x, y).
    /// @param input pre-state root, post-state root, data commitment.
    /// @return ok whether the proof verifies; malformed points or inputs
    /// out of the field are false, never a revert.
    function verifyProof(uint256[8] calldata proof, uint256[3] calldata input) public view returns (bool ok) {
        for (uint256 i = 0; i < 3; i++) {
            if (input[i] >= R) return false;
        }
        for (uint256 i = 0; i < 8; i++) {
            if (proof[i] >= Q) return false;
        }
        // vk_x = IC0 + input0·IC1 + input1·IC2 + input2·IC3
        uint256[2] memory acc = [ic0X, ic0Y];
        bool success;
        (success, acc) = mulAdd(acc, ic1X, ic1Y, input[0]);
        if (!success) return false;
        (success, acc) = mulAdd(acc, ic2X, ic2Y, input[1]);
        if (!success) return false;
        (success, acc) = mulAdd(acc, ic3X, ic3Y, input[2]);
        if (!success) return false;

        uint256[24] memory p;
        // e(-A, B)
        p[0] = proof[0];
        p[1] = proof[1] == 0 ? 0 : Q - proof[1];
        p[2] = proof[2];
        p[3] = proof[3];
        p[4] = proof[4];
        p[5] = proof[5];
        // e(alpha, beta)
        p[6] = alphaX;
        p[7] = alphaY;
        p[8] = betaX1;
        p[9] = betaX0;
        p[10] = betaY1;
        p[11] = betaY0;
        // e(vk_x, gamma)
        p[12] = acc[0];
        p[13] = acc[1];
        p[14] = gammaX1;
        p[15] = gammaX0;
        p[16] = gammaY1;
        p[17] = gammaY0;
        // e(C, delta)
        p[18] = proof[6];
        p[19] = proof[7];
        p[20] = deltaX1;
        p[21] = deltaX0;
        p[22] = deltaY1;
        p[23] = deltaY0;
        uint256[1] memory out;
        assembly ("memory-safe") {
            success := staticcall(gas(), 0x08, p, 768, out, 32)
        }
        return success && out[0] == 1;
    }

    /// acc + s·(x, y), through the ecMul (0x07) and ecAdd (0x06) precompiles.
    function mulAdd(uint256[2] memory acc, uint256 x, uint256 y, uint256 s)
        internal
        view
        returns (bool success, uint256[2] memory sum)
    {
        uint256[3] memory m = [x, y, s];
        uint256[4] memory a;
        assembly ("memory-safe") {
            success := staticcall(gas(), 0x07, m, 96, a, 64)
        }
        if (!success) return (false, sum);
        a[2] = acc[0];
        a[3] = acc[1];
        assembly ("memory-safe") {
            success := staticcall(gas(), 0x06, a, 128, sum, 64)
        }
    }
}
