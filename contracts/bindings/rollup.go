// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package bindings

import (
	"bytes"
	"errors"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Reference imports to suppress errors if they are not otherwise used.
var (
	_ = bytes.Equal
	_ = errors.New
	_ = big.NewInt
	_ = common.Big1
	_ = types.BloomLookup
	_ = abi.ConvertType
)

// RollupMetaData contains all meta data concerning the Rollup contract.
var RollupMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractGroth16Verifier\",\"name\":\"verifier_\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"sequencer_\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"slots_\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"genesisRoot\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"proveDeadline_\",\"type\":\"uint256\"},{\"internalType\":\"address[]\",\"name\":\"provers\",\"type\":\"address[]\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"BadProof\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"length\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"expected\",\"type\":\"uint256\"}],\"name\":\"BadPublicData\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NotProver\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NotSequencer\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"RootOutOfField\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"expected\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"got\",\"type\":\"uint256\"}],\"name\":\"WrongBatch\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"number\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"postRoot\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"commitment\",\"type\":\"uint256\"}],\"name\":\"BatchCommitted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"number\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"postRoot\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"prover\",\"type\":\"address\"}],\"name\":\"BatchFinalized\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"RECORD_SIZE\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"name\":\"batches\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"commitment\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"postRoot\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"committedAt\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"number\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"postRoot\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"pubdata\",\"type\":\"bytes\"}],\"name\":\"commitBatch\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"finalizedRoot\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"isProver\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"lastCommitted\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"lastFinalized\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"number\",\"type\":\"uint256\"},{\"internalType\":\"uint256[8]\",\"name\":\"proof\",\"type\":\"uint256[8]\"}],\"name\":\"proveBatch\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"proveDeadline\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"sequencer\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"slots\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"verifier\",\"outputs\":[{\"internalType\":\"contractGroth16Verifier\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "Rollup",
	Bin: "0x610100604052348015610010575f5ffd5b50604051610b05380380610b0583398101604081905261002f91610131565b7f30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001831061006e57604051629c425360e81b815260040160405180910390fd5b6001600160a01b03808716608052851660a05260c0849052600483905560e08290525f5b81518110156100ea5760015f5f8484815181106100b1576100b161023f565b6020908102919091018101516001600160a01b031682528101919091526040015f20805460ff1916911515919091179055600101610092565b50505050505050610253565b6001600160a01b038116811461010a575f5ffd5b50565b8051610118816100f6565b919050565b634e487b7160e01b5f52604160045260245ffd5b5f5f5f5f5f5f60c08789031215610146575f5ffd5b8651610151816100f6565b6020880151909650610162816100f6565b6040880151606089015160808a015160a08b0151939850919650945092506001600160401b03811115610193575f5ffd5b8701601f810189136101a3575f5ffd5b80516001600160401b038111156101bc576101bc61011d565b604051600582901b90603f8201601f191681016001600160401b03811182821017156101ea576101ea61011d565b60405291825260208184018101929081018c841115610207575f5ffd5b6020850194505b8385101561022d5761021f8561010d565b81526020948501940161020e565b50809450505050509295509295509295565b634e487b7160e01b5f52603260045260245ffd5b60805160a05160c05160e05161085c6102a95f395f818161010601526102dd01525f818161016c015281816104d9015261050b01525f818161019c015261044e01525f818161012d0152610363015261085c5ff3fe608060405234801561000f575f5ffd5b50600436106100b0575f3560e01c80635c1bba381161006e5780635c1bba381461019757806368169c89146101be57806383894a60146101d357806388048b53146101dc578063b32c4d8d146101e5578063be3384c31461022d575f5ffd5b8062b24ff2146100b45780630a245924146100cf57806314a9e301146101015780632b7ac3f31461012857806348547d69146101675780635726c2bb1461018e575b5f5ffd5b6100bc603d81565b6040519081526020015b60405180910390f35b6100f16100dd36600461066f565b5f6020819052908152604090205460ff1681565b60405190151581526020016100c6565b6100bc7f000000000000000000000000000000000000000000000000000000000000000081565b61014f7f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b0390911681526020016100c6565b6100bc7f000000000000000000000000000000000000000000000000000000000000000081565b6100bc60035481565b61014f7f000000000000000000000000000000000000000000000000000000000000000081565b6101d16101cc36600461069c565b610240565b005b6100bc60045481565b6100bc60025481565b6102126101f33660046106ce565b600160208190525f918252604090912080549181015460029091015483565b604080519384526020840192909252908201526060016100c6565b6101d161023b3660046106e5565b610443565b60035461024e906001610775565b8214158061025d575060025482115b1561029957600354610270906001610775565b60405163d0a8f98760e01b81526004810191909152602481018390526044015b60405180910390fd5b5f82815260016020818152604080842081516060810183528154815293810154848401526002015483820152338452908390529091205460ff1615801561030f57507f0000000000000000000000000000000000000000000000000000000000000000816040015161030b9190610775565b4311155b1561032d576040516305ed4a7b60e31b815260040160405180910390fd5b604080516060810182526004805482526020848101519083015283518284015291516365c0325960e01b81526001600160a01b037f000000000000000000000000000000000000000000000000000000000000000016926365c03259926103969287920161078e565b602060405180830381865afa1580156103b1573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906103d591906107ca565b6103f257604051637ca55c7760e01b815260040160405180910390fd5b6003839055602081810151600481905560408051918252339282019290925284917f602b9b43ee443d1a65e3956579ed53b914caae7f368e56aec2b58234fe8e84ed910160405180910390a2505050565b336001600160a01b037f0000000000000000000000000000000000000000000000000000000000000000161461048c576040516314f8a09f60e21b815260040160405180910390fd5b60025461049a906001610775565b84146104d2576002546104ae906001610775565b60405163d0a8f98760e01b8152600481019190915260248101859052604401610290565b6104fd603d7f00000000000000000000000000000000000000000000000000000000000000006107e9565b8114610551578061052f603d7f00000000000000000000000000000000000000000000000000000000000000006107e9565b60405163291723ab60e21b815260048101929092526024820152604401610290565b7f30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001831061059057604051629c425360e81b815260040160405180910390fd5b5f600283836040516105a3929190610800565b602060405180830381855afa1580156105be573d5f5f3e3d5ffd5b5050506040513d601f19601f820116820180604052508101906105e1919061080f565b604080516060810182526001600160fd1b03929092168083526020808401888152438585019081525f8b81526001808552908690209651875591519186019190915551600294850155928890558151878152928301819052925086917ff19419f527bf4d06d963d5b2a362d3c1328d6237893ad7943c087e69209207da910160405180910390a25050505050565b5f6020828403121561067f575f5ffd5b81356001600160a01b0381168114610695575f5ffd5b9392505050565b5f5f61012083850312156106ae575f5ffd5b8235915061012083018410156106c2575f5ffd5b50926020919091019150565b5f602082840312156106de575f5ffd5b5035919050565b5f5f5f5f606085870312156106f8575f5ffd5b8435935060208501359250604085013567ffffffffffffffff81111561071c575f5ffd5b8501601f8101871361072c575f5ffd5b803567ffffffffffffffff811115610742575f5ffd5b876020828401011115610753575f5ffd5b949793965060200194505050565b634e487b7160e01b5f52601160045260245ffd5b8082018082111561078857610788610761565b92915050565b61016081016101008483376101008201835f5b60038110156107c05781518352602092830192909101906001016107a1565b5050509392505050565b5f602082840312156107da575f5ffd5b81518015158114610695575f5ffd5b808202811582820484141761078857610788610761565b818382375f9101908152919050565b5f6020828403121561081f575f5ffd5b505191905056fea2646970667358221220ed2f9d052813886812fb662e235f7a2580e4014f5ebd42f5a6c402a8f19a455c64736f6c63430008250033",
}

// Rollup is an auto generated Go binding around an Ethereum contract.
type Rollup struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *Rollup) GetABI() abi.ABI {
	return c.abi
}

// NewRollup creates a new instance of Rollup.
func NewRollup() *Rollup {
	parsed, err := RollupMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &Rollup{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *Rollup) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address verifier_, address sequencer_, uint256 slots_, uint256 genesisRoot, uint256 proveDeadline_, address[] provers) returns()
func (rollup *Rollup) PackConstructor(verifier_ common.Address, sequencer_ common.Address, slots_ *big.Int, genesisRoot *big.Int, proveDeadline_ *big.Int, provers []common.Address) []byte {
	enc, err := rollup.abi.Pack("", verifier_, sequencer_, slots_, genesisRoot, proveDeadline_, provers)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackRECORDSIZE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x00b24ff2.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function RECORD_SIZE() view returns(uint256)
func (rollup *Rollup) PackRECORDSIZE() []byte {
	enc, err := rollup.abi.Pack("RECORD_SIZE")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackRECORDSIZE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x00b24ff2.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function RECORD_SIZE() view returns(uint256)
func (rollup *Rollup) TryPackRECORDSIZE() ([]byte, error) {
	return rollup.abi.Pack("RECORD_SIZE")
}

// UnpackRECORDSIZE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x00b24ff2.
//
// Solidity: function RECORD_SIZE() view returns(uint256)
func (rollup *Rollup) UnpackRECORDSIZE(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("RECORD_SIZE", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackBatches is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb32c4d8d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function batches(uint256 ) view returns(uint256 commitment, uint256 postRoot, uint256 committedAt)
func (rollup *Rollup) PackBatches(arg0 *big.Int) []byte {
	enc, err := rollup.abi.Pack("batches", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBatches is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb32c4d8d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function batches(uint256 ) view returns(uint256 commitment, uint256 postRoot, uint256 committedAt)
func (rollup *Rollup) TryPackBatches(arg0 *big.Int) ([]byte, error) {
	return rollup.abi.Pack("batches", arg0)
}

// BatchesOutput serves as a container for the return parameters of contract
// method Batches.
type BatchesOutput struct {
	Commitment  *big.Int
	PostRoot    *big.Int
	CommittedAt *big.Int
}

// UnpackBatches is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xb32c4d8d.
//
// Solidity: function batches(uint256 ) view returns(uint256 commitment, uint256 postRoot, uint256 committedAt)
func (rollup *Rollup) UnpackBatches(data []byte) (BatchesOutput, error) {
	out, err := rollup.abi.Unpack("batches", data)
	outstruct := new(BatchesOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Commitment = abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	outstruct.PostRoot = abi.ConvertType(out[1], new(big.Int)).(*big.Int)
	outstruct.CommittedAt = abi.ConvertType(out[2], new(big.Int)).(*big.Int)
	return *outstruct, nil
}

// PackCommitBatch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbe3384c3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function commitBatch(uint256 number, uint256 postRoot, bytes pubdata) returns()
func (rollup *Rollup) PackCommitBatch(number *big.Int, postRoot *big.Int, pubdata []byte) []byte {
	enc, err := rollup.abi.Pack("commitBatch", number, postRoot, pubdata)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCommitBatch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xbe3384c3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function commitBatch(uint256 number, uint256 postRoot, bytes pubdata) returns()
func (rollup *Rollup) TryPackCommitBatch(number *big.Int, postRoot *big.Int, pubdata []byte) ([]byte, error) {
	return rollup.abi.Pack("commitBatch", number, postRoot, pubdata)
}

// PackFinalizedRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x83894a60.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function finalizedRoot() view returns(uint256)
func (rollup *Rollup) PackFinalizedRoot() []byte {
	enc, err := rollup.abi.Pack("finalizedRoot")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackFinalizedRoot is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x83894a60.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function finalizedRoot() view returns(uint256)
func (rollup *Rollup) TryPackFinalizedRoot() ([]byte, error) {
	return rollup.abi.Pack("finalizedRoot")
}

// UnpackFinalizedRoot is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x83894a60.
//
// Solidity: function finalizedRoot() view returns(uint256)
func (rollup *Rollup) UnpackFinalizedRoot(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("finalizedRoot", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackIsProver is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0a245924.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function isProver(address ) view returns(bool)
func (rollup *Rollup) PackIsProver(arg0 common.Address) []byte {
	enc, err := rollup.abi.Pack("isProver", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackIsProver is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0a245924.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function isProver(address ) view returns(bool)
func (rollup *Rollup) TryPackIsProver(arg0 common.Address) ([]byte, error) {
	return rollup.abi.Pack("isProver", arg0)
}

// UnpackIsProver is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x0a245924.
//
// Solidity: function isProver(address ) view returns(bool)
func (rollup *Rollup) UnpackIsProver(data []byte) (bool, error) {
	out, err := rollup.abi.Unpack("isProver", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackLastCommitted is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x88048b53.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function lastCommitted() view returns(uint256)
func (rollup *Rollup) PackLastCommitted() []byte {
	enc, err := rollup.abi.Pack("lastCommitted")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLastCommitted is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x88048b53.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function lastCommitted() view returns(uint256)
func (rollup *Rollup) TryPackLastCommitted() ([]byte, error) {
	return rollup.abi.Pack("lastCommitted")
}

// UnpackLastCommitted is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x88048b53.
//
// Solidity: function lastCommitted() view returns(uint256)
func (rollup *Rollup) UnpackLastCommitted(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("lastCommitted", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackLastFinalized is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5726c2bb.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function lastFinalized() view returns(uint256)
func (rollup *Rollup) PackLastFinalized() []byte {
	enc, err := rollup.abi.Pack("lastFinalized")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackLastFinalized is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5726c2bb.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function lastFinalized() view returns(uint256)
func (rollup *Rollup) TryPackLastFinalized() ([]byte, error) {
	return rollup.abi.Pack("lastFinalized")
}

// UnpackLastFinalized is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5726c2bb.
//
// Solidity: function lastFinalized() view returns(uint256)
func (rollup *Rollup) UnpackLastFinalized(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("lastFinalized", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackProveBatch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x68169c89.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function proveBatch(uint256 number, uint256[8] proof) returns()
func (rollup *Rollup) PackProveBatch(number *big.Int, proof [8]*big.Int) []byte {
	enc, err := rollup.abi.Pack("proveBatch", number, proof)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackProveBatch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x68169c89.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function proveBatch(uint256 number, uint256[8] proof) returns()
func (rollup *Rollup) TryPackProveBatch(number *big.Int, proof [8]*big.Int) ([]byte, error) {
	return rollup.abi.Pack("proveBatch", number, proof)
}

// PackProveDeadline is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x14a9e301.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function proveDeadline() view returns(uint256)
func (rollup *Rollup) PackProveDeadline() []byte {
	enc, err := rollup.abi.Pack("proveDeadline")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackProveDeadline is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x14a9e301.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function proveDeadline() view returns(uint256)
func (rollup *Rollup) TryPackProveDeadline() ([]byte, error) {
	return rollup.abi.Pack("proveDeadline")
}

// UnpackProveDeadline is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x14a9e301.
//
// Solidity: function proveDeadline() view returns(uint256)
func (rollup *Rollup) UnpackProveDeadline(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("proveDeadline", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackSequencer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5c1bba38.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function sequencer() view returns(address)
func (rollup *Rollup) PackSequencer() []byte {
	enc, err := rollup.abi.Pack("sequencer")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSequencer is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5c1bba38.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function sequencer() view returns(address)
func (rollup *Rollup) TryPackSequencer() ([]byte, error) {
	return rollup.abi.Pack("sequencer")
}

// UnpackSequencer is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x5c1bba38.
//
// Solidity: function sequencer() view returns(address)
func (rollup *Rollup) UnpackSequencer(data []byte) (common.Address, error) {
	out, err := rollup.abi.Unpack("sequencer", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackSlots is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x48547d69.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function slots() view returns(uint256)
func (rollup *Rollup) PackSlots() []byte {
	enc, err := rollup.abi.Pack("slots")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSlots is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x48547d69.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function slots() view returns(uint256)
func (rollup *Rollup) TryPackSlots() ([]byte, error) {
	return rollup.abi.Pack("slots")
}

// UnpackSlots is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x48547d69.
//
// Solidity: function slots() view returns(uint256)
func (rollup *Rollup) UnpackSlots(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("slots", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackVerifier is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2b7ac3f3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function verifier() view returns(address)
func (rollup *Rollup) PackVerifier() []byte {
	enc, err := rollup.abi.Pack("verifier")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackVerifier is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2b7ac3f3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function verifier() view returns(address)
func (rollup *Rollup) TryPackVerifier() ([]byte, error) {
	return rollup.abi.Pack("verifier")
}

// UnpackVerifier is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x2b7ac3f3.
//
// Solidity: function verifier() view returns(address)
func (rollup *Rollup) UnpackVerifier(data []byte) (common.Address, error) {
	out, err := rollup.abi.Unpack("verifier", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// RollupBatchCommitted represents a BatchCommitted event raised by the Rollup contract.
type RollupBatchCommitted struct {
	Number     *big.Int
	PostRoot   *big.Int
	Commitment *big.Int
	Raw        *types.Log // Blockchain specific contextual infos
}

const RollupBatchCommittedEventName = "BatchCommitted"

// ContractEventName returns the user-defined event name.
func (RollupBatchCommitted) ContractEventName() string {
	return RollupBatchCommittedEventName
}

// UnpackBatchCommittedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event BatchCommitted(uint256 indexed number, uint256 postRoot, uint256 commitment)
func (rollup *Rollup) UnpackBatchCommittedEvent(log *types.Log) (*RollupBatchCommitted, error) {
	event := "BatchCommitted"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rollup.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RollupBatchCommitted)
	if len(log.Data) > 0 {
		if err := rollup.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range rollup.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// RollupBatchFinalized represents a BatchFinalized event raised by the Rollup contract.
type RollupBatchFinalized struct {
	Number   *big.Int
	PostRoot *big.Int
	Prover   common.Address
	Raw      *types.Log // Blockchain specific contextual infos
}

const RollupBatchFinalizedEventName = "BatchFinalized"

// ContractEventName returns the user-defined event name.
func (RollupBatchFinalized) ContractEventName() string {
	return RollupBatchFinalizedEventName
}

// UnpackBatchFinalizedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event BatchFinalized(uint256 indexed number, uint256 postRoot, address prover)
func (rollup *Rollup) UnpackBatchFinalizedEvent(log *types.Log) (*RollupBatchFinalized, error) {
	event := "BatchFinalized"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rollup.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RollupBatchFinalized)
	if len(log.Data) > 0 {
		if err := rollup.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range rollup.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (rollup *Rollup) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], rollup.abi.Errors["BadProof"].ID.Bytes()[:4]) {
		return rollup.UnpackBadProofError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["BadPublicData"].ID.Bytes()[:4]) {
		return rollup.UnpackBadPublicDataError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["NotProver"].ID.Bytes()[:4]) {
		return rollup.UnpackNotProverError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["NotSequencer"].ID.Bytes()[:4]) {
		return rollup.UnpackNotSequencerError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["RootOutOfField"].ID.Bytes()[:4]) {
		return rollup.UnpackRootOutOfFieldError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["WrongBatch"].ID.Bytes()[:4]) {
		return rollup.UnpackWrongBatchError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// RollupBadProof represents a BadProof error raised by the Rollup contract.
type RollupBadProof struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadProof()
func RollupBadProofErrorID() common.Hash {
	return common.HexToHash("0x7ca55c774976027f27f73629387ed99a2044a8721aec39c3c2717944b08c423a")
}

// UnpackBadProofError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadProof()
func (rollup *Rollup) UnpackBadProofError(raw []byte) (*RollupBadProof, error) {
	out := new(RollupBadProof)
	if err := rollup.abi.UnpackIntoInterface(out, "BadProof", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupBadPublicData represents a BadPublicData error raised by the Rollup contract.
type RollupBadPublicData struct {
	Length   *big.Int
	Expected *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadPublicData(uint256 length, uint256 expected)
func RollupBadPublicDataErrorID() common.Hash {
	return common.HexToHash("0xa45c8eac817ff45d91bbb363cbf5c9fbd327d9d85d2f99085a62bc668978134f")
}

// UnpackBadPublicDataError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadPublicData(uint256 length, uint256 expected)
func (rollup *Rollup) UnpackBadPublicDataError(raw []byte) (*RollupBadPublicData, error) {
	out := new(RollupBadPublicData)
	if err := rollup.abi.UnpackIntoInterface(out, "BadPublicData", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupNotProver represents a NotProver error raised by the Rollup contract.
type RollupNotProver struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotProver()
func RollupNotProverErrorID() common.Hash {
	return common.HexToHash("0x2f6a53d89a624b4bd73c69754cd9daa61f3a81f18912ece06d769338bbbebfd2")
}

// UnpackNotProverError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotProver()
func (rollup *Rollup) UnpackNotProverError(raw []byte) (*RollupNotProver, error) {
	out := new(RollupNotProver)
	if err := rollup.abi.UnpackIntoInterface(out, "NotProver", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupNotSequencer represents a NotSequencer error raised by the Rollup contract.
type RollupNotSequencer struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotSequencer()
func RollupNotSequencerErrorID() common.Hash {
	return common.HexToHash("0x53e2827c451a0a0f171a8880e9c351ab8000b3d4f27c8efd66e3187f39b035eb")
}

// UnpackNotSequencerError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotSequencer()
func (rollup *Rollup) UnpackNotSequencerError(raw []byte) (*RollupNotSequencer, error) {
	out := new(RollupNotSequencer)
	if err := rollup.abi.UnpackIntoInterface(out, "NotSequencer", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupRootOutOfField represents a RootOutOfField error raised by the Rollup contract.
type RollupRootOutOfField struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error RootOutOfField()
func RollupRootOutOfFieldErrorID() common.Hash {
	return common.HexToHash("0x9c4253006644acde33141c38582261b50406fa39969564922f61828041ae303b")
}

// UnpackRootOutOfFieldError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error RootOutOfField()
func (rollup *Rollup) UnpackRootOutOfFieldError(raw []byte) (*RollupRootOutOfField, error) {
	out := new(RollupRootOutOfField)
	if err := rollup.abi.UnpackIntoInterface(out, "RootOutOfField", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupWrongBatch represents a WrongBatch error raised by the Rollup contract.
type RollupWrongBatch struct {
	Expected *big.Int
	Got      *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error WrongBatch(uint256 expected, uint256 got)
func RollupWrongBatchErrorID() common.Hash {
	return common.HexToHash("0xd0a8f98713c8e0175668478588ba8fddc27062b0b49aca6c47c40a232bb9139e")
}

// UnpackWrongBatchError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error WrongBatch(uint256 expected, uint256 got)
func (rollup *Rollup) UnpackWrongBatchError(raw []byte) (*RollupWrongBatch, error) {
	out := new(RollupWrongBatch)
	if err := rollup.abi.UnpackIntoInterface(out, "WrongBatch", raw); err != nil {
		return nil, err
	}
	return out, nil
}
