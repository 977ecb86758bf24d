using System;

namespace EntraGuard.Posture
{
    /// <summary>When a user last signed in (<c>users?$select=createdDateTime,signInActivity</c>).</summary>
    public sealed class UserSignInActivity
    {
        public string Id { get; init; } = "";
        public string? DisplayName { get; init; }
        public string? UserPrincipalName { get; init; }
        public DateTimeOffset? CreatedDateTime { get; init; }

        /// <summary>False when Graph left <c>signInActivity</c> out: then nothing is known of the sign-ins.</summary>
        public bool SignInActivityReturned { get; init; }

        public DateTimeOffset? LastSuccessfulSignIn { get; init; }

        /// <summary>The last interactive and non-interactive attempts, successful or not.</summary>
        public DateTimeOffset? LastSignInAttempt { get; init; }

        public DateTimeOffset? LastNonInteractiveSignInAttempt { get; init; }

        /// <summary>
        /// The last sign-in: the last successful one where Graph records it; else the later of the last attempts
        /// (older records have only those). Null when the account never signed in.
        /// </summary>
        public DateTimeOffset? LastSignIn =>
            LastSuccessfulSignIn
            ?? (
                LastSignInAttempt is { } interactive && LastNonInteractiveSignInAttempt is { } other
                    ? (interactive > other ? interactive : other)
                    : LastSignInAttempt ?? LastNonInteractiveSignInAttempt
            );

        public override string ToString() =>
            DisplayName is { Length: > 0 } name ? $"{name} ({UserPrincipalName ?? Id})" : UserPrincipalName ?? Id;
    }
}
