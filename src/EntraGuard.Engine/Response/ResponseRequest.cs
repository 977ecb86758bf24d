using System;

namespace EntraGuard.Response
{
    /// <summary>
    /// What to remediate, with the same flat keys a RiskEvent carries (ServicePrincipalId, ApplicationId, KeyId,
    /// KeyType, UserId, GroupId, MemberId), so findings become requests without lookups. Which keys an action needs is
    /// checked by <see cref="Validate"/>.
    /// </summary>
    public sealed record ResponseRequest
    {
        public const int MinimumPassLifetime = 10;
        public const int MaximumPassLifetime = 43200;
        public const int DefaultPassLifetime = 60;

        public ResponseAction Action { get; init; }

        /// <summary>The target service principal's object id.</summary>
        public string? ServicePrincipalId { get; init; }

        /// <summary>The target application's object id.</summary>
        public string? ApplicationId { get; init; }

        /// <summary>The credential's key id.</summary>
        public string? KeyId { get; init; }

        /// <summary>Password or AsymmetricX509Cert, as the finding said (a hint: the directory decides).</summary>
        public string? KeyType { get; init; }

        /// <summary>The user's object id or user principal name.</summary>
        public string? UserId { get; init; }

        public string? GroupId { get; init; }

        /// <summary>The object to add back to <see cref="GroupId"/>.</summary>
        public string? MemberId { get; init; }

        /// <summary>
        /// When the activity being answered happened. Session revocation counts as already done when the user's
        /// sessions were revoked at or after it.
        /// </summary>
        public DateTimeOffset? EventTime { get; init; }

        /// <summary>The finding that prompted the action, journaled with it.</summary>
        public string? RiskEventId { get; init; }

        /// <summary>The rule of that finding (see <see cref="ResponseScope"/>).</summary>
        public string? RuleId { get; init; }

        /// <summary>The response the finding's rule suggests: a cmdlet name or action key.</summary>
        public string? SuggestedResponse { get; init; }

        /// <summary>For a rare-actor finding: whether the history before it covered the whole window.</summary>
        public bool? HistoryComplete { get; init; }

        /// <summary>Temporary access pass lifetime, 10–43200 minutes.</summary>
        public int LifetimeInMinutes { get; init; } = DefaultPassLifetime;

        public bool IsUsableOnce { get; init; } = true;

        /// <summary>Override the self-lockout guard.</summary>
        public bool Force { get; init; }

        /// <summary>The object the request names, for messages before anything is read.</summary>
        public string Target =>
            Action switch
            {
                ResponseAction.RevokeCredential => $"{ServicePrincipalId ?? ApplicationId} key {KeyId}",
                ResponseAction.DisableServicePrincipal or ResponseAction.EnableServicePrincipal => ServicePrincipalId
                    ?? "",
                ResponseAction.RestoreGroupMember => $"{MemberId} in group {GroupId}",
                _ => UserId ?? "",
            };

        /// <summary>Checks that the action's keys are present and well-formed.</summary>
        /// <exception cref="InvalidResponseRequestException">Names the missing or malformed key.</exception>
        public void Validate()
        {
            switch (Action)
            {
                case ResponseAction.RevokeCredential:
                    RequireGuid(KeyId, nameof(KeyId));
                    if (ServicePrincipalId is null && ApplicationId is null)
                    {
                        throw new InvalidResponseRequestException(
                            nameof(ServicePrincipalId),
                            $"Revoking credential {KeyId} needs ServicePrincipalId or ApplicationId (the object "
                                + $"that holds it)."
                        );
                    }
                    if (ServicePrincipalId != null)
                        RequireGuid(ServicePrincipalId, nameof(ServicePrincipalId));
                    if (ApplicationId != null)
                        RequireGuid(ApplicationId, nameof(ApplicationId));
                    break;
                case ResponseAction.DisableServicePrincipal:
                case ResponseAction.EnableServicePrincipal:
                    RequireGuid(ServicePrincipalId, nameof(ServicePrincipalId));
                    break;
                case ResponseAction.RestoreGroupMember:
                    RequireGuid(GroupId, nameof(GroupId));
                    RequireGuid(MemberId, nameof(MemberId));
                    break;
                case ResponseAction.IssueTemporaryAccessPass:
                    RequireUser();
                    if (LifetimeInMinutes < MinimumPassLifetime || LifetimeInMinutes > MaximumPassLifetime)
                    {
                        throw new InvalidResponseRequestException(
                            nameof(LifetimeInMinutes),
                            $"LifetimeInMinutes must be from {MinimumPassLifetime} to {MaximumPassLifetime}; got "
                                + $"{LifetimeInMinutes}."
                        );
                    }
                    break;
                default:
                    RequireUser();
                    break;
            }
        }

        private void RequireUser()
        {
            if (string.IsNullOrWhiteSpace(UserId))
                throw new InvalidResponseRequestException(
                    nameof(UserId),
                    $"{Action} needs UserId (an object id or user principal name)."
                );
            if (!Guid.TryParse(UserId, out _) && UserId!.IndexOf('@') <= 0)
            {
                throw new InvalidResponseRequestException(
                    nameof(UserId),
                    $"UserId '{UserId}' is neither an object id (GUID) nor a user principal name."
                );
            }
        }

        private void RequireGuid(string? value, string name)
        {
            if (string.IsNullOrWhiteSpace(value))
                throw new InvalidResponseRequestException(name, $"{Action} needs {name}.");
            if (!Guid.TryParse(value, out _))
                throw new InvalidResponseRequestException(name, $"{name} '{value}' is not a GUID.");
        }
    }

    /// <summary>A request lacks a key its action needs, or a key is malformed; <see cref="Key"/> names it.</summary>
    public sealed class InvalidResponseRequestException : ArgumentException
    {
        public InvalidResponseRequestException(string key, string message)
            : base(message) => Key = key;

        /// <summary>The request key at fault (KeyId, UserId…), as RiskEvent and the cmdlets name it.</summary>
        public string Key { get; }
    }
}
