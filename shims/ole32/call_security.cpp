// OLE32.dll: the security of COM calls and the calls' own context. Proxies carry an
// IClientSecurity (CoSetProxyBlanket, CoQueryProxyBlanket, CoCopyProxy ask it); a server's
// incoming call carries a call context with IServerSecurity (CoGetCallContext,
// CoImpersonateClient, CoRevertToSelf, CoQueryClientBlanket ask it; CoSwitchCallContext replaces
// it). No call comes from another process here, so a thread has a call context only when the
// program installs one with CoSwitchCallContext; without one these answer RPC_E_CALL_COMPLETE, as
// Windows does outside a call. Also: call cancellation's per-thread count
// (CoEnableCallCancellation, CoDisableCallCancellation) and the channel hooks the process
// registers (CoRegisterChannelHook: held for the life of the process; they would see calls
// between processes, of which there are none).
#include <vector>

#include "shims/core/guest_memory.h"
#include "shims/ole32/ole32_internal.h"

namespace polyrun::shims {

namespace {

using namespace ole32;

constexpr GuidBytes kIidIClientSecurity = make_guid(0x0000013d, 0x0000, 0x0000, {0xc0, 0, 0, 0, 0, 0, 0, 0x46});
constexpr GuidBytes kIidIServerSecurity = make_guid(0x0000013e, 0x0000, 0x0000, {0xc0, 0, 0, 0, 0, 0, 0, 0x46});
// IClientSecurity's methods after IUnknown's three.
constexpr unsigned kQueryBlanket = 3, kSetBlanket = 4, kCopyProxy = 5;
// IServerSecurity's.
constexpr unsigned kServerQueryBlanket = 3, kImpersonateClient = 4, kRevertToSelf = 5;

// Method `slot` of the proxy's IClientSecurity with `args` (the proxy first): E_NOINTERFACE (the
// query's result) for an object that is no proxy.
int32_t client_security(WindowsProcess& p, uint64_t proxy, unsigned slot, const std::vector<uint64_t>& args) {
  if (!proxy) return com::E_INVALIDARG;
  uint64_t security = 0;
  int32_t hr = query_interface(p, proxy, kIidIClientSecurity, security);
  if (com::failed(hr)) return hr;
  std::vector<uint64_t> all = {proxy};
  all.insert(all.end(), args.begin(), args.end());
  hr = static_cast<int32_t>(call_method(p, security, slot, all));
  call_method(p, security, kRelease);
  return hr;
}

// CoSetProxyBlanket: IClientSecurity::SetBlanket of the proxy, which only a proxy has (an object
// of the process's own answers E_NOINTERFACE to the query, and that is the result).
int32_t CoSetProxyBlanket(WindowsProcess& p, Ptr proxy, uint32_t authn, uint32_t authz, Ptr server, uint32_t level,
                          uint32_t impersonation, Ptr auth_info, uint32_t capabilities) {
  return client_security(p, proxy.addr, kSetBlanket,
                         {authn, authz, server.addr, level, impersonation, auth_info.addr, capabilities});
}

// CoQueryProxyBlanket: IClientSecurity::QueryBlanket of the proxy.
int32_t CoQueryProxyBlanket(WindowsProcess& p, Ptr proxy, Ptr authn, Ptr authz, Ptr server, Ptr level,
                            Ptr impersonation, Ptr auth_info, Ptr capabilities) {
  return client_security(p, proxy.addr, kQueryBlanket,
                         {authn.addr, authz.addr, server.addr, level.addr, impersonation.addr, auth_info.addr,
                          capabilities.addr});
}

// CoCopyProxy(proxy, &copy): IClientSecurity::CopyProxy of the proxy.
int32_t CoCopyProxy(WindowsProcess& p, Ptr proxy, Ptr copy) {
  return client_security(p, proxy.addr, kCopyProxy, {copy.addr});
}

// The thread's call context (no reference of its own: CoSwitchCallContext's rule).
thread_local uint64_t call_context = 0;

// CoGetCallContext(iid, &object): the call context's interface `iid`; RPC_E_CALL_COMPLETE outside
// a call.
int32_t CoGetCallContext(WindowsProcess& p, Ptr iid, Ptr out) {
  if (!call_context) return RPC_E_CALL_COMPLETE;
  return static_cast<int32_t>(call_method(p, call_context, kQueryInterface, {iid.addr, out.addr}));
}

// CoSwitchCallContext(new, &old): the thread's call context replaced (references unchanged), the
// previous one handed back.
int32_t CoSwitchCallContext(WindowsProcess& p, Ptr context, Ptr old) {
  p.put_ptr(old.addr, call_context);
  call_context = context.addr;
  return com::S_OK;
}

// Method `slot` of the call context's IServerSecurity with `args`.
int32_t server_security(WindowsProcess& p, unsigned slot, const std::vector<uint64_t>& args) {
  if (!call_context) return RPC_E_CALL_COMPLETE;
  uint64_t security = 0;
  int32_t hr = query_interface(p, call_context, kIidIServerSecurity, security);
  if (com::failed(hr)) return hr;
  hr = static_cast<int32_t>(call_method(p, security, slot, args));
  call_method(p, security, kRelease);
  return hr;
}

int32_t CoImpersonateClient(WindowsProcess& p) { return server_security(p, kImpersonateClient, {}); }
int32_t CoRevertToSelf(WindowsProcess& p) { return server_security(p, kRevertToSelf, {}); }
int32_t CoQueryClientBlanket(WindowsProcess& p, Ptr authn, Ptr authz, Ptr server, Ptr level, Ptr impersonation,
                             Ptr privileges, Ptr capabilities) {
  return server_security(p, kServerQueryBlanket,
                         {authn.addr, authz.addr, server.addr, level.addr, impersonation.addr, privileges.addr,
                          capabilities.addr});
}

// CoEnableCallCancellation counts up the thread's permission to cancel its outgoing calls;
// CoDisableCallCancellation counts it down (CO_E_CANCEL_DISABLED when it is not enabled).
thread_local uint32_t cancel_count = 0;
int32_t CoEnableCallCancellation(WindowsProcess&, Ptr) {
  ++cancel_count;
  return com::S_OK;
}
int32_t CoDisableCallCancellation(WindowsProcess&, Ptr) {
  constexpr int32_t CO_E_CANCEL_DISABLED = static_cast<int32_t>(0x80010140);
  if (!cancel_count) return CO_E_CANCEL_DISABLED;
  --cancel_count;
  return com::S_OK;
}

// CoRegisterChannelHook(extension, hook): the hook held for the process's life.
std::vector<std::pair<GuidBytes, uint64_t>> channel_hooks;
int32_t CoRegisterChannelHook(WindowsProcess& p, Ptr extension, Ptr hook) {
  call_method(p, hook.addr, kAddRef);
  channel_hooks.emplace_back(read_guid(extension.addr), hook.addr);
  return com::S_OK;
}

}  // namespace

// These join OLE32's table (ole32/ole32.cpp).
const std::vector<Export>& ole32_call_security_exports() {
  static const std::vector<Export> exports = {
      EXPORT("CoSetProxyBlanket", CoSetProxyBlanket),
      EXPORT("CoQueryProxyBlanket", CoQueryProxyBlanket),
      EXPORT("CoCopyProxy", CoCopyProxy),
      EXPORT("CoGetCallContext", CoGetCallContext),
      EXPORT("CoSwitchCallContext", CoSwitchCallContext),
      EXPORT("CoImpersonateClient", CoImpersonateClient),
      EXPORT("CoRevertToSelf", CoRevertToSelf),
      EXPORT("CoQueryClientBlanket", CoQueryClientBlanket),
      EXPORT("CoEnableCallCancellation", CoEnableCallCancellation),
      EXPORT("CoDisableCallCancellation", CoDisableCallCancellation),
      EXPORT("CoRegisterChannelHook", CoRegisterChannelHook),
  };
  return exports;
}

}  // namespace polyrun::shims
