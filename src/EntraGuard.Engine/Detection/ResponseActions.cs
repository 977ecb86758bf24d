using System;
using System.Collections.Generic;

namespace EntraGuard.Detection
{
    /// <summary>
    /// The response cmdlets rules may suggest, by the action key rule files use. The one place their names live, so
    /// a rename touches this table only.
    /// </summary>
    public static class ResponseActions
    {
        public const string RevokeCredential = "revokeCredential";
        public const string DisableServicePrincipal = "disableServicePrincipal";
        public const string RevokeUserSession = "revokeUserSession";
        public const string DisableUser = "disableUser";
        public const string RestoreGroupMember = "restoreGroupMember";
        public const string IssueTemporaryAccessPass = "issueTemporaryAccessPass";

        /// <summary>Action key → the cmdlet that performs it (and which RiskEvent properties it binds).</summary>
        public static IReadOnlyDictionary<string, string> Cmdlets { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            [RevokeCredential] = "Invoke-CredentialRevocation",        // ServicePrincipalId / ApplicationId + KeyId
            [DisableServicePrincipal] = "Disable-EntraServicePrincipal", // ServicePrincipalId
            [RevokeUserSession] = "Revoke-EntraUserSession",           // UserId
            [DisableUser] = "Disable-EntraUser",                       // UserId
            [RestoreGroupMember] = "Restore-EntraGroupMember",         // GroupId + MemberId
            [IssueTemporaryAccessPass] = "New-EntraTemporaryAccessPass", // UserId
        };
    }
}
