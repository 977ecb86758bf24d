namespace EntraGuard.Response
{
    /// <summary>The remediation actions EntraGuard can take. Each is planned, journaled, then executed.</summary>
    public enum ResponseAction
    {
        /// <summary>Remove a password or certificate (by key id) from a service principal and/or its
        /// application.</summary>
        RevokeCredential,
        DisableServicePrincipal,
        EnableServicePrincipal,

        /// <summary>Invalidate a user's refresh tokens and session cookies (revokeSignInSessions).</summary>
        RevokeUserSession,
        DisableUser,
        EnableUser,

        /// <summary>Add back a member that was removed from a group (members/$ref).</summary>
        RestoreGroupMember,

        /// <summary>Issue a temporary access pass so a user can register authentication methods again.</summary>
        IssueTemporaryAccessPass,
    }

    /// <summary>How an action on one target ended, or where it stands in the journal.</summary>
    public enum ActionStatus
    {
        /// <summary>Journaled as started with no outcome recorded: the run stopped before Graph answered.</summary>
        Pending,

        /// <summary>The change was made.</summary>
        Done,

        /// <summary>Nothing to change: the target was already in the wanted state (a success).</summary>
        AlreadyDone,

        /// <summary>EntraGuard declined: the change would lock it out, or cannot be made to this target.</summary>
        Refused,

        /// <summary>Graph refused or could not be reached; the detail says why.</summary>
        Failed,
    }
}
