using System.Management.Automation;
using EntraGuard.Collection;
using EntraGuard.Graph;

namespace EntraGuard.Commands
{
    /// <summary>
    /// The module's Graph connection: set by Connect-EntraGuard, used by every cmdlet that reaches Graph, forgotten by
    /// Disconnect-EntraGuard. One per process (per loaded module), like Connect-MgGraph's.
    /// </summary>
    internal static class GraphConnectionState
    {
        private static readonly object Gate = new();
        private static GraphSession? _session;
        private static GraphConnectionInfo? _info;

        public static GraphConnectionInfo? Info
        {
            get
            {
                lock (Gate)
                    return _info;
            }
        }

        /// <summary>Replaces the current connection (disposing the old one).</summary>
        public static void Set(GraphSession session, GraphConnectionInfo info)
        {
            lock (Gate)
            {
                _session?.Dispose();
                _session = session;
                _info = info;
            }
        }

        /// <summary>Forgets the connection; returns what it was, or null when there was none.</summary>
        public static GraphConnectionInfo? Clear()
        {
            lock (Gate)
            {
                var info = _info;
                _session?.Dispose();
                _session = null;
                _info = null;
                return info;
            }
        }

        /// <summary>The session, or a terminating error telling the admin to connect first.</summary>
        public static GraphSession Require(PSCmdlet cmdlet)
        {
            lock (Gate)
            {
                if (_session != null)
                    return _session;
            }
            cmdlet.ThrowTerminatingError(
                new ErrorRecord(
                    new System.InvalidOperationException(
                        "Not connected to Microsoft Graph: run Connect-EntraGuard first (or read exported files "
                            + "with -Path)."
                    ),
                    "NotConnected",
                    ErrorCategory.ConnectionError,
                    null
                )
            );
            return null!;
        }
    }
}
