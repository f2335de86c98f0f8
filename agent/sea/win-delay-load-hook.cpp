// The Windows addon imports N-API from "node.exe" (the name in node-api-headers' .def). Inside the single binary
// the exporting module is kyso-agent-win-x64.exe, so the import is delay-loaded and this hook answers the load of
// "node.exe" with the running executable: the same job as node-gyp's win_delay_load_hook.cc.
#include <windows.h>
#include <delayimp.h>

static FARPROC WINAPI kyso_load_exe_hook(unsigned int event, PDelayLoadInfo info) {
  if (event != dliNotePreLoadLibrary) return nullptr;
  if (lstrcmpiA(info->szDll, "node.exe") != 0) return nullptr;
  return reinterpret_cast<FARPROC>(GetModuleHandleW(nullptr));
}

// Defining the variable keeps mingw's default (null) definition out of the link.
extern "C" PfnDliHook __pfnDliNotifyHook2 = kyso_load_exe_hook;
