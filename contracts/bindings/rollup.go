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
	ABI: "[{\"inputs\":[{\"internalType\":\"contractGroth16Verifier\",\"name\":\"verifier_\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"sequencer_\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"slots_\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"genesisRoot\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"proveDeadline_\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"treeDepth_\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"inclusionDeadline_\",\"type\":\"uint256\"},{\"internalType\":\"address[]\",\"name\":\"provers\",\"type\":\"address[]\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"BadAccount\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"BadAmount\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"BadKey\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"BadProof\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"length\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"expected\",\"type\":\"uint256\"}],\"name\":\"BadPublicData\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"slot\",\"type\":\"uint256\"}],\"name\":\"BadRecord\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NotProver\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NotSequencer\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"slot\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"PriorityMismatch\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"PriorityOverdue\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"RootOutOfField\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"expected\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"got\",\"type\":\"uint256\"}],\"name\":\"WrongBatch\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"number\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"postRoot\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"commitment\",\"type\":\"uint256\"}],\"name\":\"BatchCommitted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"number\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"postRoot\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"prover\",\"type\":\"address\"}],\"name\":\"BatchFinalized\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"pubkey\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"amount\",\"type\":\"uint64\"}],\"name\":\"Deposit\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint32\",\"name\":\"account\",\"type\":\"uint32\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"ForcedExitRequested\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"RECORD_SIZE\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"UNIT\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"name\":\"batches\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"commitment\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"postRoot\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"committedAt\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"number\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"postRoot\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"pubdata\",\"type\":\"bytes\"}],\"name\":\"commitBatch\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"pubkey\",\"type\":\"bytes32\"}],\"name\":\"deposit\",\"outputs\":[],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"finalizedRoot\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint32\",\"name\":\"account\",\"type\":\"uint32\"}],\"name\":\"forceExit\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"inclusionDeadline\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"isProver\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"lastCommitted\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"lastFinalized\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"nextPriority\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"number\",\"type\":\"uint256\"},{\"internalType\":\"uint256[8]\",\"name\":\"proof\",\"type\":\"uint256[8]\"}],\"name\":\"proveBatch\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"proveDeadline\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"name\":\"queue\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"hash\",\"type\":\"bytes32\"},{\"internalType\":\"uint256\",\"name\":\"queuedAt\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"queueLength\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"sequencer\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"slots\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"treeDepth\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"pubkey\",\"type\":\"bytes32\"}],\"name\":\"validKey\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"verifier\",\"outputs\":[{\"internalType\":\"contractGroth16Verifier\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "Rollup",
	Bin: "0x610140604052348015610010575f5ffd5b506040516116b23803806116b283398101604081905261002f91610140565b7f30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001851061006e57604051629c425360e81b815260040160405180910390fd5b6001600160a01b03808916608052871660a05260c0869052600685905560e08490526101008390526101208290525f5b81518110156100f757600160025f8484815181106100be576100be610263565b6020908102919091018101516001600160a01b031682528101919091526040015f20805460ff191691151591909117905560010161009e565b505050505050505050610277565b6001600160a01b0381168114610119575f5ffd5b50565b805161012781610105565b919050565b634e487b7160e01b5f52604160045260245ffd5b5f5f5f5f5f5f5f5f610100898b031215610158575f5ffd5b885161016381610105565b60208a015190985061017481610105565b60408a015160608b015160808c015160a08d015160c08e015160e08f0151959c50939a509198509650945092506001600160401b038111156101b4575f5ffd5b8901601f81018b136101c4575f5ffd5b80516001600160401b038111156101dd576101dd61012c565b604051600582901b90603f8201601f191681016001600160401b038111828210171561020b5761020b61012c565b60405291825260208184018101929081018e841115610228575f5ffd5b6020850194505b8385101561024e576102408561011c565b81526020948501940161022f565b50809450505050509295985092959890939650565b634e487b7160e01b5f52603260045260245ffd5b60805160a05160c05160e05161010051610120516113bc6102f65f395f818161032b0152610fd901525f81816101d2015261082a01525f818161019f015261050e01525f818161026501528181610a0d01528181610a3f0152610d8701525f81816102ad015261098201525f8181610205015261059301526113bc5ff3fe608060405260043610610125575f3560e01c806383894a60116100a8578063b214faa51161006d578063b214faa514610377578063b32c4d8d1461038a578063b4f0bfeb146103df578063be3384c3146103fe578063d1517dd51461041d578063ddf0b0091461043c575f5ffd5b806383894a60146102f057806388048b53146103055780638ecbae541461031a5780639d8e21771461034d578063ab91c7b014610364575f5ffd5b806340d51007116100ee57806340d510071461023f57806348547d69146102545780635726c2bb146102875780635c1bba381461029c57806368169c89146102cf575f5ffd5b8062b24ff2146101295780630a2459241461015057806314a9e3011461018e57806316a56c41146101c15780632b7ac3f3146101f4575b5f5ffd5b348015610134575f5ffd5b5061013d603d81565b6040519081526020015b60405180910390f35b34801561015b575f5ffd5b5061017e61016a3660046110cd565b60026020525f908152604090205460ff1681565b6040519015158152602001610147565b348015610199575f5ffd5b5061013d7f000000000000000000000000000000000000000000000000000000000000000081565b3480156101cc575f5ffd5b5061013d7f000000000000000000000000000000000000000000000000000000000000000081565b3480156101ff575f5ffd5b506102277f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b039091168152602001610147565b34801561024a575f5ffd5b5061013d60015481565b34801561025f575f5ffd5b5061013d7f000000000000000000000000000000000000000000000000000000000000000081565b348015610292575f5ffd5b5061013d60055481565b3480156102a7575f5ffd5b506102277f000000000000000000000000000000000000000000000000000000000000000081565b3480156102da575f5ffd5b506102ee6102e93660046110fa565b610470565b005b3480156102fb575f5ffd5b5061013d60065481565b348015610310575f5ffd5b5061013d60045481565b348015610325575f5ffd5b5061013d7f000000000000000000000000000000000000000000000000000000000000000081565b348015610358575f5ffd5b5061013d633b9aca0081565b34801561036f575f5ffd5b505f5461013d565b6102ee61038536600461112c565b610676565b348015610395575f5ffd5b506103c46103a436600461112c565b60036020525f908152604090208054600182015460029092015490919083565b60408051938452602084019290925290820152606001610147565b3480156103ea575f5ffd5b506102ee6103f9366004611143565b610821565b348015610409575f5ffd5b506102ee610418366004611166565b610977565b348015610428575f5ffd5b5061017e61043736600461112c565b610b9a565b348015610447575f5ffd5b5061045b61045636600461112c565b610d55565b60408051928352602083019190915201610147565b60055461047e9060016111f6565b8214158061048d575060045482115b156104c9576005546104a09060016111f6565b60405163d0a8f98760e01b81526004810191909152602481018390526044015b60405180910390fd5b5f8281526003602090815260408083208151606081018352815481526001820154818501526002918201548184015233855292529091205460ff1615801561054057507f0000000000000000000000000000000000000000000000000000000000000000816040015161053c91906111f6565b4311155b1561055e576040516305ed4a7b60e31b815260040160405180910390fd5b6040805160608101825260065481526020838101519082015282518183015290516365c0325960e01b81526001600160a01b037f000000000000000000000000000000000000000000000000000000000000000016916365c03259916105c891869160040161120f565b602060405180830381865afa1580156105e3573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610607919061124b565b61062457604051637ca55c7760e01b815260040160405180910390fd5b6005839055602081810151600681905560408051918252339282019290925284917f602b9b43ee443d1a65e3956579ed53b914caae7f368e56aec2b58234fe8e84ed91015b60405180910390a2505050565b34158061068f575061068c633b9aca003461127e565b15155b806106ae575067ffffffffffffffff6106ac633b9aca0034611291565b115b156106cc5760405163749b593960e01b815260040160405180910390fd5b6106d581610b9a565b6106f25760405163ee9f2d5360e01b815260040160405180910390fd5b5f610701633b9aca0034611291565b6040516001600160c01b031960c083901b166020820152602881018490526bffffffffffffffffffffffff193360601b1660488201529091505f90605c0160408051808303601f190181528282528051602091820120838301909252818352439083019081525f80546001808201835582805294517f290decd9548b62a8d60345a988386fc84ba6bc95484008f6362f93160ef3e56360029092029182015591517f290decd9548b62a8d60345a988386fc84ba6bc95484008f6362f93160ef3e56490920191909155549092506107d891906112a4565b6040805185815233602082015267ffffffffffffffff8516918101919091527f9ad2322565c512172e0648793eef5b39865defcf13c4fe8036b9f70b5a60bbbf90606001610669565b63ffffffff81167f00000000000000000000000000000000000000000000000000000000000000001c1561086857604051631c2b077760e01b815260040160405180910390fd5b6040516001600160e01b031960e083901b1660208201526bffffffffffffffffffffffff193360601b1660248201525f9060380160408051808303601f190181528282528051602091820120838301909252818352439083019081525f80546001808201835582805294517f290decd9548b62a8d60345a988386fc84ba6bc95484008f6362f93160ef3e56360029092029182015591517f290decd9548b62a8d60345a988386fc84ba6bc95484008f6362f93160ef3e564909201919091555490925061093591906112a4565b6040805163ffffffff851681523360208201527f9ef243cc462ec4c58f36caaea9a1b57f91630686a160f774fbcc99090ed89534910160405180910390a25050565b336001600160a01b037f000000000000000000000000000000000000000000000000000000000000000016146109c0576040516314f8a09f60e21b815260040160405180910390fd5b6004546109ce9060016111f6565b8414610a06576004546109e29060016111f6565b60405163d0a8f98760e01b81526004810191909152602481018590526044016104c0565b610a31603d7f00000000000000000000000000000000000000000000000000000000000000006112b7565b8114610a855780610a63603d7f00000000000000000000000000000000000000000000000000000000000000006112b7565b60405163291723ab60e21b8152600481019290925260248201526044016104c0565b5f5160206113675f395f51905f528310610ab157604051629c425360e81b815260040160405180910390fd5b610abb8282610d80565b5f60028383604051610ace9291906112ce565b602060405180830381855afa158015610ae9573d5f5f3e3d5ffd5b5050506040513d601f19601f82011682018060405250810190610b0c91906112dd565b604080516060810182526001600160fd1b03929092168083526020808401888152438585019081525f8b81526003845285902095518655905160018601555160029094019390935560048890558151878152928301819052925086917ff19419f527bf4d06d963d5b2a362d3c1328d6237893ad7943c087e69209207da910160405180910390a25050505050565b5f8181805b6020811015610bde57610bb38160086112b7565b610bbe82601f6112a4565b610bc99060086112b7565b84901c60ff16901b9190911790600101610b9f565b506001600160ff1b0381169060ff1c5f5160206113675f395f51905f528210610c0b57505f949350505050565b5f5f5160206113675f395f51905f5283840990505f5f5160206113675f395f51905f52610c4660015f5160206113675f395f51905f526112a4565b830890505f5f5160206113675f395f51905f5260015f5160206113675f395f51905f52857f1aee90f15f2189693df072d799fd11fc039b2959ebb7c867d075ca8cf4d7eb8e09089050805f03610ca357505f979650505050505050565b5f80610cc683610cc160025f5160206113675f395f51905f526112a4565b61104d565b9150915081610cde57505f9998505050505050505050565b5f5f5160206113675f395f51905f528286099050805f03610d09575050931598975050505050505050565b5f80610d33836002610d2960015f5160206113675f395f51905f526112a4565b610cc19190611291565b91509150818015610d445750806001145b9d9c50505050505050505050505050565b5f8181548110610d63575f80fd5b5f9182526020909120600290910201805460019091015490915082565b6001545f5b7f0000000000000000000000000000000000000000000000000000000000000000811015610fc657365f8585610dbc603d866112b7565b90603d610dca8760016111f6565b610dd491906112b7565b92610de1939291906112f4565b915091505f60801983835f818110610dfb57610dfb61131b565b9050013560f81c60f81b60f81c1690508060ff165f1480610e1f575060ff81166001145b80610e2d575060ff81166002145b15610e8157608083835f818110610e4657610e4661131b565b9050013560f81c60f81b60f81c1660ff165f14610e7957604051630b07477d60e21b8152600481018590526024016104c0565b505050610fbe565b60ff8116600314801590610e99575060ff8116600414155b15610eba57604051630b07477d60e21b8152600481018590526024016104c0565b5f548510610ee5576040516363df988160e01b815260048101859052602481018690526044016104c0565b5f60ff8216600314610f3b57610eff6015601185876112f4565b610f0d603d602987896112f4565b604051602001610f20949392919061132f565b60405160208183030381529060405280519060200120610f60565b610f49603d600185876112f4565b604051610f579291906112ce565b60405180910390205b90505f8681548110610f7457610f7461131b565b905f5260205f2090600202015f01548114610fac576040516363df988160e01b815260048101869052602481018790526044016104c0565b85610fb68161134e565b965050505050505b600101610d85565b5060018190555f548110801561102757507f00000000000000000000000000000000000000000000000000000000000000005f828154811061100a5761100a61131b565b905f5260205f2090600202016001015461102491906111f6565b43115b15611048576040516343af8ef160e01b8152600481018290526024016104c0565b505050565b5f5f5f6040518060c001604052806020815260200160208152602001602081526020018681526020018581526020015f5160206113675f395f51905f5281525090506110976110af565b60208160c08460055afa905190969095509350505050565b60405180602001604052806001906020820280368337509192915050565b5f602082840312156110dd575f5ffd5b81356001600160a01b03811681146110f3575f5ffd5b9392505050565b5f5f610120838503121561110c575f5ffd5b823591506101208301841015611120575f5ffd5b50926020919091019150565b5f6020828403121561113c575f5ffd5b5035919050565b5f60208284031215611153575f5ffd5b813563ffffffff811681146110f3575f5ffd5b5f5f5f5f60608587031215611179575f5ffd5b8435935060208501359250604085013567ffffffffffffffff81111561119d575f5ffd5b8501601f810187136111ad575f5ffd5b803567ffffffffffffffff8111156111c3575f5ffd5b8760208284010111156111d4575f5ffd5b949793965060200194505050565b634e487b7160e01b5f52601160045260245ffd5b80820180821115611209576112096111e2565b92915050565b61016081016101008483376101008201835f5b6003811015611241578151835260209283019290910190600101611222565b5050509392505050565b5f6020828403121561125b575f5ffd5b815180151581146110f3575f5ffd5b634e487b7160e01b5f52601260045260245ffd5b5f8261128c5761128c61126a565b500690565b5f8261129f5761129f61126a565b500490565b81810381811115611209576112096111e2565b8082028115828204841417611209576112096111e2565b818382375f9101908152919050565b5f602082840312156112ed575f5ffd5b5051919050565b5f5f85851115611302575f5ffd5b8386111561130e575f5ffd5b5050820193919092039150565b634e487b7160e01b5f52603260045260245ffd5b838582375f8482015f8152838582375f93019283525090949350505050565b5f6001820161135f5761135f6111e2565b506001019056fe30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f0000001a264697066735822122093bb4af33833b73b839c21759c45ba670005194337fbb42aa860c2c09ef11f1864736f6c63430008250033",
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
