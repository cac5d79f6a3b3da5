; NSIS additions for the CTL Client installer (electron-builder `nsis.include`).
; The uninstaller removes the program files, shortcuts and the .tlv association only. It never
; touches the user's settings (%APPDATA%\CTL Client, kept by deleteAppDataOnUninstall: false),
; CTL files the user saved, or anything on the cluster: the guide's rule is that uninstalling
; the client changes nothing on the CUCM servers or phones.

!macro customUnInstall
  DetailPrint "CTL Client settings and saved CTL files were kept. Nothing on the cluster was changed."
!macroend
