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
	ABI: "[{\"inputs\":[{\"internalType\":\"contractGroth16Verifier\",\"name\":\"verifier_\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"sequencer_\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"slots_\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"genesisRoot\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"proveDeadline_\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"treeDepth_\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"inclusionDeadline_\",\"type\":\"uint256\"},{\"internalType\":\"address[]\",\"name\":\"provers\",\"type\":\"address[]\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"BadAccount\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"BadAmount\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"BadKey\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"BadProof\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"length\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"expected\",\"type\":\"uint256\"}],\"name\":\"BadPublicData\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"slot\",\"type\":\"uint256\"}],\"name\":\"BadRecord\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NotProver\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NotSequencer\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NothingToClaim\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"PayoutFailed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"slot\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"PriorityMismatch\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"PriorityOverdue\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"RootOutOfField\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"expected\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"got\",\"type\":\"uint256\"}],\"name\":\"WrongBatch\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"number\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"postRoot\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"commitment\",\"type\":\"uint256\"}],\"name\":\"BatchCommitted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"number\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"postRoot\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"prover\",\"type\":\"address\"}],\"name\":\"BatchFinalized\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"Claimable\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"Claimed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"pubkey\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"amount\",\"type\":\"uint64\"}],\"name\":\"Deposit\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint32\",\"name\":\"account\",\"type\":\"uint32\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"ForcedExitRequested\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"RECORD_SIZE\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"UNIT\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"WIDE_SIZE\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"name\":\"batches\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"commitment\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"postRoot\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"committedAt\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"claim\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"claimable\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"number\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"postRoot\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"pubdata\",\"type\":\"bytes\"}],\"name\":\"commitBatch\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"pubkey\",\"type\":\"bytes32\"}],\"name\":\"deposit\",\"outputs\":[],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"finalizedRoot\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint32\",\"name\":\"account\",\"type\":\"uint32\"}],\"name\":\"forceExit\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"inclusionDeadline\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"isProver\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"lastCommitted\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"lastFinalized\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"nextPriority\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"number\",\"type\":\"uint256\"},{\"internalType\":\"uint256[8]\",\"name\":\"proof\",\"type\":\"uint256[8]\"},{\"internalType\":\"bytes\",\"name\":\"pubdata\",\"type\":\"bytes\"}],\"name\":\"proveBatch\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"proveDeadline\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"pubdataLength\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"name\":\"queue\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"hash\",\"type\":\"bytes32\"},{\"internalType\":\"uint256\",\"name\":\"queuedAt\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"queueLength\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"sequencer\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"slots\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"treeDepth\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"pubkey\",\"type\":\"bytes32\"}],\"name\":\"validKey\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"verifier\",\"outputs\":[{\"internalType\":\"contractGroth16Verifier\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"wide\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "Rollup",
	Bin: "0x610160604052348015610010575f5ffd5b50604051611d4c380380611d4c83398101604081905261002f91610177565b7f30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001851061006e57604051629c425360e81b815260040160405180910390fd5b6001600160a01b03808916608052871660a05260c08690525f61009260108861029a565b90505f600488106100a45760046100a6565b875b90508082116100b557806100b7565b815b60e05260078790556101008690526101208590526101408490525f5b835181101561012c57600160035f8684815181106100f3576100f36102b9565b6020908102919091018101516001600160a01b031682528101919091526040015f20805460ff19169115159190911790556001016100d3565b50505050505050505050506102cd565b6001600160a01b0381168114610150575f5ffd5b50565b805161015e8161013c565b919050565b634e487b7160e01b5f52604160045260245ffd5b5f5f5f5f5f5f5f5f610100898b03121561018f575f5ffd5b885161019a8161013c565b60208a01519098506101ab8161013c565b60408a015160608b015160808c015160a08d015160c08e015160e08f0151959c50939a509198509650945092506001600160401b038111156101eb575f5ffd5b8901601f81018b136101fb575f5ffd5b80516001600160401b0381111561021457610214610163565b604051600582901b90603f8201601f191681016001600160401b038111828210171561024257610242610163565b60405291825260208184018101929081018e84111561025f575f5ffd5b6020850194505b838510156102855761027785610153565b815260209485019401610266565b50809450505050509295985092959890939650565b5f826102b457634e487b7160e01b5f52601260045260245ffd5b500490565b634e487b7160e01b5f52603260045260245ffd5b60805160a05160c05160e0516101005161012051610140516119e161036b5f395f81816103d301526114ab01525f81816102270152610a5201525f81816101f401526106df01525f81816105290152610ea501525f81816102e501528181610ed001528181610f17015281816110470152818161120e015261159101525f81816103570152610b9e01525f818161025a01526107a001526119e15ff3fe60806040526004361061017a575f3560e01c806383894a60116100cd578063b32c4d8d11610087578063d1517dd511610062578063d1517dd5146104c5578063ddf0b009146104e4578063e5f38a5814610518578063f5263c391461054b575f5ffd5b8063b32c4d8d14610432578063b4f0bfeb14610487578063be3384c3146104a6575f5ffd5b806383894a601461039857806388048b53146103ad5780638ecbae54146103c25780639d8e2177146103f5578063ab91c7b01461040c578063b214faa51461041f575f5ffd5b806340d51007116101385780634e74addc116101135780634e74addc1461031d5780635726c2bb146103315780635c1bba38146103465780637908834e14610379575f5ffd5b806340d51007146102bf57806348547d69146102d45780634e71d92d14610307575f5ffd5b8062b24ff21461017e5780630a245924146101a557806314a9e301146101e357806316a56c41146102165780632b7ac3f314610249578063402914f514610294575b5f5ffd5b348015610189575f5ffd5b50610192601081565b6040519081526020015b60405180910390f35b3480156101b0575f5ffd5b506101d36101bf366004611636565b60036020525f908152604090205460ff1681565b604051901515815260200161019c565b3480156101ee575f5ffd5b506101927f000000000000000000000000000000000000000000000000000000000000000081565b348015610221575f5ffd5b506101927f000000000000000000000000000000000000000000000000000000000000000081565b348015610254575f5ffd5b5061027c7f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b03909116815260200161019c565b34801561029f575f5ffd5b506101926102ae366004611636565b60016020525f908152604090205481565b3480156102ca575f5ffd5b5061019260025481565b3480156102df575f5ffd5b506101927f000000000000000000000000000000000000000000000000000000000000000081565b348015610312575f5ffd5b5061031b61055f565b005b348015610328575f5ffd5b50610192604081565b34801561033c575f5ffd5b5061019260065481565b348015610351575f5ffd5b5061027c7f000000000000000000000000000000000000000000000000000000000000000081565b348015610384575f5ffd5b5061031b6103933660046116a8565b61063e565b3480156103a3575f5ffd5b5061019260075481565b3480156103b8575f5ffd5b5061019260055481565b3480156103cd575f5ffd5b506101927f000000000000000000000000000000000000000000000000000000000000000081565b348015610400575f5ffd5b50610192633b9aca0081565b348015610417575f5ffd5b505f54610192565b61031b61042d366004611704565b61089f565b34801561043d575f5ffd5b5061046c61044c366004611704565b60046020525f908152604090208054600182015460029092015490919083565b6040805193845260208401929092529082015260600161019c565b348015610492575f5ffd5b5061031b6104a136600461171b565b610a49565b3480156104b1575f5ffd5b5061031b6104c036600461173e565b610b93565b3480156104d0575f5ffd5b506101d36104df366004611704565b610cb7565b3480156104ef575f5ffd5b506105036104fe366004611704565b610e72565b6040805192835260208301919091520161019c565b348015610523575f5ffd5b506101927f000000000000000000000000000000000000000000000000000000000000000081565b348015610556575f5ffd5b50610192610e9d565b335f908152600160205260408120549081900361058f576040516312d37ee560e31b815260040160405180910390fd5b335f818152600160205260408082208290555190919083908381818185875af1925050503d805f81146105dd576040519150601f19603f3d011682016040523d82523d5f602084013e6105e2565b606091505b505090508061060457604051630ec6ac4160e21b815260040160405180910390fd5b60405182815233907fd8138f8a3f377c5259ca548e70e4c2de94f129f5a11036a15b69513cba2b426a906020015b60405180910390a25050565b60065461064c906001611789565b8414158061065b575060055484115b156106975760065461066e906001611789565b60405163d0a8f98760e01b81526004810191909152602481018590526044015b60405180910390fd5b5f8481526004602090815260408083208151606081018352815481526001820154818501526002909101548183015233845260039092529091205460ff1615801561071157507f0000000000000000000000000000000000000000000000000000000000000000816040015161070d9190611789565b4311155b1561072f576040516305ed4a7b60e31b815260040160405180910390fd5b805161073b8484610f03565b1461076b5781610749610e9d565b60405163291723ab60e21b81526004810192909252602482015260440161068e565b6040805160608101825260075481526020838101519082015282518183015290516365c0325960e01b81526001600160a01b037f000000000000000000000000000000000000000000000000000000000000000016916365c03259916107d591889160040161179c565b602060405180830381865afa1580156107f0573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061081491906117d8565b61083157604051637ca55c7760e01b815260040160405180910390fd5b600685905560208101516007556108488383611042565b847f602b9b43ee443d1a65e3956579ed53b914caae7f368e56aec2b58234fe8e84ed8260200151336040516108909291909182526001600160a01b0316602082015260400190565b60405180910390a25050505050565b3415806108b857506108b5633b9aca003461180b565b15155b806108d7575067ffffffffffffffff6108d5633b9aca003461181e565b115b156108f55760405163749b593960e01b815260040160405180910390fd5b6108fe81610cb7565b61091b5760405163ee9f2d5360e01b815260040160405180910390fd5b5f61092a633b9aca003461181e565b6040516001600160c01b031960c083901b166020820152602881018490526001600160601b03193360601b1660488201529091505f90605c0160408051808303601f190181528282528051602091820120838301909252818352439083019081525f80546001808201835582805294517f290decd9548b62a8d60345a988386fc84ba6bc95484008f6362f93160ef3e56360029092029182015591517f290decd9548b62a8d60345a988386fc84ba6bc95484008f6362f93160ef3e56490920191909155549092506109fc9190611831565b6040805185815233602082015267ffffffffffffffff85168183015290517f9ad2322565c512172e0648793eef5b39865defcf13c4fe8036b9f70b5a60bbbf9181900360600190a2505050565b63ffffffff81167f00000000000000000000000000000000000000000000000000000000000000001c15610a9057604051631c2b077760e01b815260040160405180910390fd5b6040516001600160e01b031960e083901b1660208201526001600160601b03193360601b1660248201525f9060380160408051808303601f190181528282528051602091820120838301909252818352439083019081525f80546001808201835582805294517f290decd9548b62a8d60345a988386fc84ba6bc95484008f6362f93160ef3e56360029092029182015591517f290decd9548b62a8d60345a988386fc84ba6bc95484008f6362f93160ef3e5649092019190915554909250610b589190611831565b6040805163ffffffff851681523360208201527f9ef243cc462ec4c58f36caaea9a1b57f91630686a160f774fbcc99090ed895349101610632565b336001600160a01b037f00000000000000000000000000000000000000000000000000000000000000001614610bdc576040516314f8a09f60e21b815260040160405180910390fd5b600554610bea906001611789565b8414610bfe5760055461066e906001611789565b5f610c098383610f03565b90505f51602061198c5f395f51905f528410610c3757604051629c425360e81b815260040160405180910390fd5b610c418383611206565b604080516060810182528281526020808201878152438385019081525f8a8152600484528590209351845590516001840155516002909201919091556005879055815186815290810183905286917ff19419f527bf4d06d963d5b2a362d3c1328d6237893ad7943c087e69209207da9101610890565b5f8181805b6020811015610cfb57610cd0816008611844565b610cdb82601f611831565b610ce6906008611844565b84901c60ff16901b9190911790600101610cbc565b506001600160ff1b0381169060ff1c5f51602061198c5f395f51905f528210610d2857505f949350505050565b5f5f51602061198c5f395f51905f5283840990505f5f51602061198c5f395f51905f52610d6360015f51602061198c5f395f51905f52611831565b830890505f5f51602061198c5f395f51905f5260015f51602061198c5f395f51905f52857f1aee90f15f2189693df072d799fd11fc039b2959ebb7c867d075ca8cf4d7eb8e09089050805f03610dc057505f979650505050505050565b5f80610de383610dde60025f51602061198c5f395f51905f52611831565b61151a565b9150915081610dfb57505f9998505050505050505050565b5f5f51602061198c5f395f51905f528286099050805f03610e26575050931598975050505050505050565b5f80610e50836002610e4660015f51602061198c5f395f51905f52611831565b610dde919061181e565b91509150818015610e615750806001145b9d9c50505050505050505050505050565b5f8181548110610e80575f80fd5b5f9182526020909120600290910201805460019091015490915082565b5f610ec960407f0000000000000000000000000000000000000000000000000000000000000000611844565b610ef460107f0000000000000000000000000000000000000000000000000000000000000000611844565b610efe9190611789565b905090565b5f5f610f0d610e9d565b90505f610f3b60107f0000000000000000000000000000000000000000000000000000000000000000611844565b905080841080610f4a57508184115b80610f6957506040610f5c8286611831565b610f66919061180b565b15155b15610f915760405163291723ab60e21b8152600481018590526024810183905260440161068e565b5f8267ffffffffffffffff811115610fab57610fab61185b565b6040519080825280601f01601f191660200182016040528015610fd5576020820181803683370190505b50905084866020830137600281604051610fef919061186f565b602060405180830381855afa15801561100a573d5f5f3e3d5ffd5b5050506040513d601f19601f8201168201806040525081019061102d9190611885565b6001600160fd1b031693505050505b92915050565b5f805b7f0000000000000000000000000000000000000000000000000000000000000000811015611200575f848461107b601085611844565b81811061108a5761108a61189c565b919091013560f81c915050607f81166002148015906110ad5750607f8116600314155b80156110bd5750607f8116600414155b156110c857506111f8565b365f6110e18787876110d9816118b0565b98508761157c565b909250905060ff83166002148015906110fe575060ff8316600414155b801561110e575060ff8316608314155b1561111b575050506111f8565b5f633b9aca0083828461112f826008611789565b9261113c939291906118c8565b611145916118ef565b611152919060c01c611844565b9050805f0361116457505050506111f8565b5f83602884611174826014611789565b92611181939291906118c8565b61118a91611927565b60601c5f818152600160205260408120805492935084929091906111af908490611789565b90915550506040518281526001600160a01b038216907fdec9ebd1283d91d041dc9b5bb471ba4935fb749425f4246a67f426c40c7ec9f89060200160405180910390a250505050505b600101611045565b50505050565b6002545f805b7f000000000000000000000000000000000000000000000000000000000000000081101561149857365f8686611243601086611844565b906010611251876001611789565b61125b9190611844565b92611268939291906118c8565b915091505f60801983835f8181106112825761128261189c565b9050013560f81c60f81b60f81c1690508060ff165f14806112a6575060ff81166001145b806112b4575060ff81166002145b1561132657608083835f8181106112cd576112cd61189c565b9050013560f81c60f81b60f81c1660ff165f1461130057604051630b07477d60e21b81526004810185905260240161068e565b60011960ff82160161131e5761131b8888876110d9816118b0565b50505b505050611490565b60ff811660031480159061133e575060ff8116600414155b1561135f57604051630b07477d60e21b81526004810185905260240161068e565b5f54861061138a576040516363df988160e01b8152600481018590526024810187905260440161068e565b365f6113a38a8a8961139b816118b0565b9a508961157c565b90925090505f60ff841660031461140c576113c26005600187896118c8565b846028856113d1826014611789565b926113de939291906118c8565b6040516020016113f1949392919061195d565b60405160208183030381529060405280519060200120611430565b611419603c5f84866118c8565b60405161142792919061197c565b60405180910390205b90505f89815481106114445761144461189c565b905f5260205f2090600202015f0154811461147c576040516363df988160e01b815260048101889052602481018a905260440161068e565b88611486816118b0565b9950505050505050505b60010161120c565b5060028290555f54821080156114f957507f00000000000000000000000000000000000000000000000000000000000000005f83815481106114dc576114dc61189c565b905f5260205f209060020201600101546114f69190611789565b43115b15611200576040516343af8ef160e01b81526004810183905260240161068e565b5f5f5f6040518060c001604052806020815260200160208152602001602081526020018681526020018581526020015f51602061198c5f395f51905f528152509050611564611618565b60208160c08460055afa905190969095509350505050565b365f8061158a604086611844565b6115b560107f0000000000000000000000000000000000000000000000000000000000000000611844565b6115bf9190611789565b9050856115cd604083611789565b11156115ef57604051630b07477d60e21b81526004810185905260240161068e565b8681876115fd604083611789565b9261160a939291906118c8565b925092505094509492505050565b60405180602001604052806001906020820280368337509192915050565b5f60208284031215611646575f5ffd5b81356001600160a01b038116811461165c575f5ffd5b9392505050565b5f5f83601f840112611673575f5ffd5b50813567ffffffffffffffff81111561168a575f5ffd5b6020830191508360208285010111156116a1575f5ffd5b9250929050565b5f5f5f5f61014085870312156116bc575f5ffd5b843593506101208501868111156116d1575f5ffd5b6020860193503567ffffffffffffffff8111156116ec575f5ffd5b6116f887828801611663565b95989497509550505050565b5f60208284031215611714575f5ffd5b5035919050565b5f6020828403121561172b575f5ffd5b813563ffffffff8116811461165c575f5ffd5b5f5f5f5f60608587031215611751575f5ffd5b8435935060208501359250604085013567ffffffffffffffff8111156116ec575f5ffd5b634e487b7160e01b5f52601160045260245ffd5b8082018082111561103c5761103c611775565b61016081016101008483376101008201835f5b60038110156117ce5781518352602092830192909101906001016117af565b5050509392505050565b5f602082840312156117e8575f5ffd5b8151801515811461165c575f5ffd5b634e487b7160e01b5f52601260045260245ffd5b5f82611819576118196117f7565b500690565b5f8261182c5761182c6117f7565b500490565b8181038181111561103c5761103c611775565b808202811582820484141761103c5761103c611775565b634e487b7160e01b5f52604160045260245ffd5b5f82518060208501845e5f920191825250919050565b5f60208284031215611895575f5ffd5b5051919050565b634e487b7160e01b5f52603260045260245ffd5b5f600182016118c1576118c1611775565b5060010190565b5f5f858511156118d6575f5ffd5b838611156118e2575f5ffd5b5050820193919092039150565b80356001600160c01b03198116906008841015611920576001600160c01b0319600885900360031b81901b82161691505b5092915050565b80356001600160601b03198116906014841015611920576001600160601b031960149490940360031b84901b1690921692915050565b838582375f8482015f8152838582375f93019283525090949350505050565b818382375f910190815291905056fe30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001a2646970667358221220b390f307ba297cdcb3107739a33be758516372a351bc182ab3accf51e0a310ff64736f6c63430008250033",
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
// Solidity: constructor(address verifier_, address sequencer_, uint256 slots_, uint256 genesisRoot, uint256 proveDeadline_, uint256 treeDepth_, uint256 inclusionDeadline_, address[] provers) returns()
func (rollup *Rollup) PackConstructor(verifier_ common.Address, sequencer_ common.Address, slots_ *big.Int, genesisRoot *big.Int, proveDeadline_ *big.Int, treeDepth_ *big.Int, inclusionDeadline_ *big.Int, provers []common.Address) []byte {
	enc, err := rollup.abi.Pack("", verifier_, sequencer_, slots_, genesisRoot, proveDeadline_, treeDepth_, inclusionDeadline_, provers)
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

// PackUNIT is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9d8e2177.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function UNIT() view returns(uint256)
func (rollup *Rollup) PackUNIT() []byte {
	enc, err := rollup.abi.Pack("UNIT")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackUNIT is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9d8e2177.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function UNIT() view returns(uint256)
func (rollup *Rollup) TryPackUNIT() ([]byte, error) {
	return rollup.abi.Pack("UNIT")
}

// UnpackUNIT is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x9d8e2177.
//
// Solidity: function UNIT() view returns(uint256)
func (rollup *Rollup) UnpackUNIT(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("UNIT", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackWIDESIZE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4e74addc.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function WIDE_SIZE() view returns(uint256)
func (rollup *Rollup) PackWIDESIZE() []byte {
	enc, err := rollup.abi.Pack("WIDE_SIZE")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackWIDESIZE is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4e74addc.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function WIDE_SIZE() view returns(uint256)
func (rollup *Rollup) TryPackWIDESIZE() ([]byte, error) {
	return rollup.abi.Pack("WIDE_SIZE")
}

// UnpackWIDESIZE is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x4e74addc.
//
// Solidity: function WIDE_SIZE() view returns(uint256)
func (rollup *Rollup) UnpackWIDESIZE(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("WIDE_SIZE", data)
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

// PackClaim is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4e71d92d.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function claim() returns()
func (rollup *Rollup) PackClaim() []byte {
	enc, err := rollup.abi.Pack("claim")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackClaim is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x4e71d92d.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function claim() returns()
func (rollup *Rollup) TryPackClaim() ([]byte, error) {
	return rollup.abi.Pack("claim")
}

// PackClaimable is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x402914f5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function claimable(address ) view returns(uint256)
func (rollup *Rollup) PackClaimable(arg0 common.Address) []byte {
	enc, err := rollup.abi.Pack("claimable", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackClaimable is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x402914f5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function claimable(address ) view returns(uint256)
func (rollup *Rollup) TryPackClaimable(arg0 common.Address) ([]byte, error) {
	return rollup.abi.Pack("claimable", arg0)
}

// UnpackClaimable is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x402914f5.
//
// Solidity: function claimable(address ) view returns(uint256)
func (rollup *Rollup) UnpackClaimable(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("claimable", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
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

// PackDeposit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb214faa5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function deposit(bytes32 pubkey) payable returns()
func (rollup *Rollup) PackDeposit(pubkey [32]byte) []byte {
	enc, err := rollup.abi.Pack("deposit", pubkey)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackDeposit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb214faa5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function deposit(bytes32 pubkey) payable returns()
func (rollup *Rollup) TryPackDeposit(pubkey [32]byte) ([]byte, error) {
	return rollup.abi.Pack("deposit", pubkey)
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

// PackForceExit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb4f0bfeb.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function forceExit(uint32 account) returns()
func (rollup *Rollup) PackForceExit(account uint32) []byte {
	enc, err := rollup.abi.Pack("forceExit", account)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackForceExit is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb4f0bfeb.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function forceExit(uint32 account) returns()
func (rollup *Rollup) TryPackForceExit(account uint32) ([]byte, error) {
	return rollup.abi.Pack("forceExit", account)
}

// PackInclusionDeadline is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8ecbae54.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function inclusionDeadline() view returns(uint256)
func (rollup *Rollup) PackInclusionDeadline() []byte {
	enc, err := rollup.abi.Pack("inclusionDeadline")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackInclusionDeadline is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8ecbae54.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function inclusionDeadline() view returns(uint256)
func (rollup *Rollup) TryPackInclusionDeadline() ([]byte, error) {
	return rollup.abi.Pack("inclusionDeadline")
}

// UnpackInclusionDeadline is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8ecbae54.
//
// Solidity: function inclusionDeadline() view returns(uint256)
func (rollup *Rollup) UnpackInclusionDeadline(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("inclusionDeadline", data)
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

// PackNextPriority is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x40d51007.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function nextPriority() view returns(uint256)
func (rollup *Rollup) PackNextPriority() []byte {
	enc, err := rollup.abi.Pack("nextPriority")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackNextPriority is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x40d51007.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function nextPriority() view returns(uint256)
func (rollup *Rollup) TryPackNextPriority() ([]byte, error) {
	return rollup.abi.Pack("nextPriority")
}

// UnpackNextPriority is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x40d51007.
//
// Solidity: function nextPriority() view returns(uint256)
func (rollup *Rollup) UnpackNextPriority(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("nextPriority", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackProveBatch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7908834e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function proveBatch(uint256 number, uint256[8] proof, bytes pubdata) returns()
func (rollup *Rollup) PackProveBatch(number *big.Int, proof [8]*big.Int, pubdata []byte) []byte {
	enc, err := rollup.abi.Pack("proveBatch", number, proof, pubdata)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackProveBatch is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x7908834e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function proveBatch(uint256 number, uint256[8] proof, bytes pubdata) returns()
func (rollup *Rollup) TryPackProveBatch(number *big.Int, proof [8]*big.Int, pubdata []byte) ([]byte, error) {
	return rollup.abi.Pack("proveBatch", number, proof, pubdata)
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

// PackPubdataLength is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf5263c39.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function pubdataLength() view returns(uint256)
func (rollup *Rollup) PackPubdataLength() []byte {
	enc, err := rollup.abi.Pack("pubdataLength")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackPubdataLength is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xf5263c39.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function pubdataLength() view returns(uint256)
func (rollup *Rollup) TryPackPubdataLength() ([]byte, error) {
	return rollup.abi.Pack("pubdataLength")
}

// UnpackPubdataLength is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xf5263c39.
//
// Solidity: function pubdataLength() view returns(uint256)
func (rollup *Rollup) UnpackPubdataLength(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("pubdataLength", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackQueue is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xddf0b009.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function queue(uint256 ) view returns(bytes32 hash, uint256 queuedAt)
func (rollup *Rollup) PackQueue(arg0 *big.Int) []byte {
	enc, err := rollup.abi.Pack("queue", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackQueue is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xddf0b009.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function queue(uint256 ) view returns(bytes32 hash, uint256 queuedAt)
func (rollup *Rollup) TryPackQueue(arg0 *big.Int) ([]byte, error) {
	return rollup.abi.Pack("queue", arg0)
}

// QueueOutput serves as a container for the return parameters of contract
// method Queue.
type QueueOutput struct {
	Hash     [32]byte
	QueuedAt *big.Int
}

// UnpackQueue is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xddf0b009.
//
// Solidity: function queue(uint256 ) view returns(bytes32 hash, uint256 queuedAt)
func (rollup *Rollup) UnpackQueue(data []byte) (QueueOutput, error) {
	out, err := rollup.abi.Unpack("queue", data)
	outstruct := new(QueueOutput)
	if err != nil {
		return *outstruct, err
	}
	outstruct.Hash = *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	outstruct.QueuedAt = abi.ConvertType(out[1], new(big.Int)).(*big.Int)
	return *outstruct, nil
}

// PackQueueLength is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xab91c7b0.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function queueLength() view returns(uint256)
func (rollup *Rollup) PackQueueLength() []byte {
	enc, err := rollup.abi.Pack("queueLength")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackQueueLength is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xab91c7b0.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function queueLength() view returns(uint256)
func (rollup *Rollup) TryPackQueueLength() ([]byte, error) {
	return rollup.abi.Pack("queueLength")
}

// UnpackQueueLength is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xab91c7b0.
//
// Solidity: function queueLength() view returns(uint256)
func (rollup *Rollup) UnpackQueueLength(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("queueLength", data)
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

// PackTreeDepth is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x16a56c41.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function treeDepth() view returns(uint256)
func (rollup *Rollup) PackTreeDepth() []byte {
	enc, err := rollup.abi.Pack("treeDepth")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTreeDepth is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x16a56c41.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function treeDepth() view returns(uint256)
func (rollup *Rollup) TryPackTreeDepth() ([]byte, error) {
	return rollup.abi.Pack("treeDepth")
}

// UnpackTreeDepth is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x16a56c41.
//
// Solidity: function treeDepth() view returns(uint256)
func (rollup *Rollup) UnpackTreeDepth(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("treeDepth", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackValidKey is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd1517dd5.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function validKey(bytes32 pubkey) view returns(bool)
func (rollup *Rollup) PackValidKey(pubkey [32]byte) []byte {
	enc, err := rollup.abi.Pack("validKey", pubkey)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackValidKey is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd1517dd5.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function validKey(bytes32 pubkey) view returns(bool)
func (rollup *Rollup) TryPackValidKey(pubkey [32]byte) ([]byte, error) {
	return rollup.abi.Pack("validKey", pubkey)
}

// UnpackValidKey is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd1517dd5.
//
// Solidity: function validKey(bytes32 pubkey) view returns(bool)
func (rollup *Rollup) UnpackValidKey(data []byte) (bool, error) {
	out, err := rollup.abi.Unpack("validKey", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
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

// PackWide is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe5f38a58.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function wide() view returns(uint256)
func (rollup *Rollup) PackWide() []byte {
	enc, err := rollup.abi.Pack("wide")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackWide is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe5f38a58.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function wide() view returns(uint256)
func (rollup *Rollup) TryPackWide() ([]byte, error) {
	return rollup.abi.Pack("wide")
}

// UnpackWide is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xe5f38a58.
//
// Solidity: function wide() view returns(uint256)
func (rollup *Rollup) UnpackWide(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("wide", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
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

// RollupClaimable represents a Claimable event raised by the Rollup contract.
type RollupClaimable struct {
	To     common.Address
	Amount *big.Int
	Raw    *types.Log // Blockchain specific contextual infos
}

const RollupClaimableEventName = "Claimable"

// ContractEventName returns the user-defined event name.
func (RollupClaimable) ContractEventName() string {
	return RollupClaimableEventName
}

// UnpackClaimableEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Claimable(address indexed to, uint256 amount)
func (rollup *Rollup) UnpackClaimableEvent(log *types.Log) (*RollupClaimable, error) {
	event := "Claimable"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rollup.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RollupClaimable)
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

// RollupClaimed represents a Claimed event raised by the Rollup contract.
type RollupClaimed struct {
	To     common.Address
	Amount *big.Int
	Raw    *types.Log // Blockchain specific contextual infos
}

const RollupClaimedEventName = "Claimed"

// ContractEventName returns the user-defined event name.
func (RollupClaimed) ContractEventName() string {
	return RollupClaimedEventName
}

// UnpackClaimedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Claimed(address indexed to, uint256 amount)
func (rollup *Rollup) UnpackClaimedEvent(log *types.Log) (*RollupClaimed, error) {
	event := "Claimed"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rollup.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RollupClaimed)
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

// RollupDeposit represents a Deposit event raised by the Rollup contract.
type RollupDeposit struct {
	Index  *big.Int
	Pubkey [32]byte
	Owner  common.Address
	Amount uint64
	Raw    *types.Log // Blockchain specific contextual infos
}

const RollupDepositEventName = "Deposit"

// ContractEventName returns the user-defined event name.
func (RollupDeposit) ContractEventName() string {
	return RollupDepositEventName
}

// UnpackDepositEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event Deposit(uint256 indexed index, bytes32 pubkey, address owner, uint64 amount)
func (rollup *Rollup) UnpackDepositEvent(log *types.Log) (*RollupDeposit, error) {
	event := "Deposit"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rollup.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RollupDeposit)
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

// RollupForcedExitRequested represents a ForcedExitRequested event raised by the Rollup contract.
type RollupForcedExitRequested struct {
	Index   *big.Int
	Account uint32
	Owner   common.Address
	Raw     *types.Log // Blockchain specific contextual infos
}

const RollupForcedExitRequestedEventName = "ForcedExitRequested"

// ContractEventName returns the user-defined event name.
func (RollupForcedExitRequested) ContractEventName() string {
	return RollupForcedExitRequestedEventName
}

// UnpackForcedExitRequestedEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event ForcedExitRequested(uint256 indexed index, uint32 account, address owner)
func (rollup *Rollup) UnpackForcedExitRequestedEvent(log *types.Log) (*RollupForcedExitRequested, error) {
	event := "ForcedExitRequested"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rollup.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RollupForcedExitRequested)
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
	if bytes.Equal(raw[:4], rollup.abi.Errors["BadAccount"].ID.Bytes()[:4]) {
		return rollup.UnpackBadAccountError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["BadAmount"].ID.Bytes()[:4]) {
		return rollup.UnpackBadAmountError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["BadKey"].ID.Bytes()[:4]) {
		return rollup.UnpackBadKeyError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["BadProof"].ID.Bytes()[:4]) {
		return rollup.UnpackBadProofError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["BadPublicData"].ID.Bytes()[:4]) {
		return rollup.UnpackBadPublicDataError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["BadRecord"].ID.Bytes()[:4]) {
		return rollup.UnpackBadRecordError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["NotProver"].ID.Bytes()[:4]) {
		return rollup.UnpackNotProverError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["NotSequencer"].ID.Bytes()[:4]) {
		return rollup.UnpackNotSequencerError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["NothingToClaim"].ID.Bytes()[:4]) {
		return rollup.UnpackNothingToClaimError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["PayoutFailed"].ID.Bytes()[:4]) {
		return rollup.UnpackPayoutFailedError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["PriorityMismatch"].ID.Bytes()[:4]) {
		return rollup.UnpackPriorityMismatchError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["PriorityOverdue"].ID.Bytes()[:4]) {
		return rollup.UnpackPriorityOverdueError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["RootOutOfField"].ID.Bytes()[:4]) {
		return rollup.UnpackRootOutOfFieldError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["WrongBatch"].ID.Bytes()[:4]) {
		return rollup.UnpackWrongBatchError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// RollupBadAccount represents a BadAccount error raised by the Rollup contract.
type RollupBadAccount struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadAccount()
func RollupBadAccountErrorID() common.Hash {
	return common.HexToHash("0x1c2b0777b22e0ef3f377bfcfcfc42e823913ab64f6fd3126c73b14b3f5b2ab6a")
}

// UnpackBadAccountError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadAccount()
func (rollup *Rollup) UnpackBadAccountError(raw []byte) (*RollupBadAccount, error) {
	out := new(RollupBadAccount)
	if err := rollup.abi.UnpackIntoInterface(out, "BadAccount", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupBadAmount represents a BadAmount error raised by the Rollup contract.
type RollupBadAmount struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadAmount()
func RollupBadAmountErrorID() common.Hash {
	return common.HexToHash("0x749b593924416ea8f46d8a8f5b89dfc2a554f6cc168b31407d6be5e73a078ac0")
}

// UnpackBadAmountError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadAmount()
func (rollup *Rollup) UnpackBadAmountError(raw []byte) (*RollupBadAmount, error) {
	out := new(RollupBadAmount)
	if err := rollup.abi.UnpackIntoInterface(out, "BadAmount", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupBadKey represents a BadKey error raised by the Rollup contract.
type RollupBadKey struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadKey()
func RollupBadKeyErrorID() common.Hash {
	return common.HexToHash("0xee9f2d537bde7567f0e60f7e7ee11ce8d6383f6cb525c16217a5d958064efde2")
}

// UnpackBadKeyError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadKey()
func (rollup *Rollup) UnpackBadKeyError(raw []byte) (*RollupBadKey, error) {
	out := new(RollupBadKey)
	if err := rollup.abi.UnpackIntoInterface(out, "BadKey", raw); err != nil {
		return nil, err
	}
	return out, nil
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

// RollupBadRecord represents a BadRecord error raised by the Rollup contract.
type RollupBadRecord struct {
	Slot *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadRecord(uint256 slot)
func RollupBadRecordErrorID() common.Hash {
	return common.HexToHash("0x2c1d1df4a1768d8d1b56a374945f6333080ac5b2c9beaaa7f90e300620ab771c")
}

// UnpackBadRecordError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadRecord(uint256 slot)
func (rollup *Rollup) UnpackBadRecordError(raw []byte) (*RollupBadRecord, error) {
	out := new(RollupBadRecord)
	if err := rollup.abi.UnpackIntoInterface(out, "BadRecord", raw); err != nil {
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

// RollupNothingToClaim represents a NothingToClaim error raised by the Rollup contract.
type RollupNothingToClaim struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NothingToClaim()
func RollupNothingToClaimErrorID() common.Hash {
	return common.HexToHash("0x969bf7288f744225521096ebffff657851af77dd4c63700d76b8d1cf6481d1f1")
}

// UnpackNothingToClaimError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NothingToClaim()
func (rollup *Rollup) UnpackNothingToClaimError(raw []byte) (*RollupNothingToClaim, error) {
	out := new(RollupNothingToClaim)
	if err := rollup.abi.UnpackIntoInterface(out, "NothingToClaim", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupPayoutFailed represents a PayoutFailed error raised by the Rollup contract.
type RollupPayoutFailed struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error PayoutFailed()
func RollupPayoutFailedErrorID() common.Hash {
	return common.HexToHash("0x3b1ab1045aad53070fe2359fd1a7d516800dcddc17ad45f2e5ff18fe2dbb0689")
}

// UnpackPayoutFailedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error PayoutFailed()
func (rollup *Rollup) UnpackPayoutFailedError(raw []byte) (*RollupPayoutFailed, error) {
	out := new(RollupPayoutFailed)
	if err := rollup.abi.UnpackIntoInterface(out, "PayoutFailed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupPriorityMismatch represents a PriorityMismatch error raised by the Rollup contract.
type RollupPriorityMismatch struct {
	Slot  *big.Int
	Index *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error PriorityMismatch(uint256 slot, uint256 index)
func RollupPriorityMismatchErrorID() common.Hash {
	return common.HexToHash("0x63df98816b19d53815cdfd76fc47f4f3a8f34c2ff416faa7d2e72d20e6d2c045")
}

// UnpackPriorityMismatchError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error PriorityMismatch(uint256 slot, uint256 index)
func (rollup *Rollup) UnpackPriorityMismatchError(raw []byte) (*RollupPriorityMismatch, error) {
	out := new(RollupPriorityMismatch)
	if err := rollup.abi.UnpackIntoInterface(out, "PriorityMismatch", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupPriorityOverdue represents a PriorityOverdue error raised by the Rollup contract.
type RollupPriorityOverdue struct {
	Index *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error PriorityOverdue(uint256 index)
func RollupPriorityOverdueErrorID() common.Hash {
	return common.HexToHash("0x43af8ef1eb71940ce4fa3f4cc96218ef1f5f29804c982761b50957f27af3f67d")
}

// UnpackPriorityOverdueError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error PriorityOverdue(uint256 index)
func (rollup *Rollup) UnpackPriorityOverdueError(raw []byte) (*RollupPriorityOverdue, error) {
	out := new(RollupPriorityOverdue)
	if err := rollup.abi.UnpackIntoInterface(out, "PriorityOverdue", raw); err != nil {
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
