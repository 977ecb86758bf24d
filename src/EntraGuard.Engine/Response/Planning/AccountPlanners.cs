using System.Collections.Generic;

namespace EntraGuard.Response.Planning
{
    /// <summary>Disables or enables a service principal (accountEnabled). Already in that state is already done.</summary>
    internal sealed class ServicePrincipalStatePlanner : Planner
    {
        private readonly bool _enable;

        public ServicePrincipalStatePlanner(ResponseRequest request, PlanningContext context, bool enable) : base(request, context) => _enable = enable;

        public override IEnumerable<IReadOnlyList<DirectoryOperation>> Run()
        {
            var read = new GetAppObject(DirectoryObjectType.ServicePrincipal, Request.ServicePrincipalId!);
            var verb = _enable ? "Enable" : "Disable";
            yield return Read(read);
            if (read.Result is not { } principal)
            {
                Fail(new Target(DirectoryObjectType.ServicePrincipal, read.Id, null), $"{verb} service principal {read.Id}", read);
                yield break;
            }

            var target = new Target(DirectoryObjectType.ServicePrincipal, principal.Id, principal.DisplayName);
            var summary = $"{verb} {target}";
            var priorState = new PriorStateWriter().AppObject(principal, includeCredentials: false).Finish();
            if (principal.AccountEnabled == _enable)
            {
                Decide(target, summary, priorState, ActionStatus.AlreadyDone, $"{target} is already {(_enable ? "enabled" : "disabled")}.");
            }
            else if (!_enable && Context.Connection.Is(principal) && SelfLockout($"disabling its own {target}") is { } refusal)
            {
                Decide(target, summary, priorState, ActionStatus.Refused, refusal);
            }
            else
            {
                Proceed(target, summary, priorState, new SetAccountEnabled(DirectoryObjectType.ServicePrincipal, principal.Id, _enable));
            }
        }
    }

    /// <summary>Disables or enables a user account (accountEnabled). Already in that state is already done.</summary>
    internal sealed class UserStatePlanner : Planner
    {
        private readonly bool _enable;

        public UserStatePlanner(ResponseRequest request, PlanningContext context, bool enable) : base(request, context) => _enable = enable;

        public override IEnumerable<IReadOnlyList<DirectoryOperation>> Run()
        {
            var read = new GetUser(Request.UserId!);
            var verb = _enable ? "Enable" : "Disable";
            yield return Read(read);
            if (read.Result is not { } user)
            {
                Fail(new Target(DirectoryObjectType.User, read.Id, null), $"{verb} user {read.Id}", read);
                yield break;
            }

            var target = new Target(DirectoryObjectType.User, user.Id, user.UserPrincipalName ?? user.DisplayName);
            var summary = $"{verb} {target}";
            var priorState = new PriorStateWriter().User(user).Finish();
            if (user.AccountEnabled == _enable)
            {
                Decide(target, summary, priorState, ActionStatus.AlreadyDone, $"{target} is already {(_enable ? "enabled" : "disabled")}.");
            }
            else if (!_enable && Context.Connection.Is(user) && SelfLockout($"disabling the signed-in {target}") is { } refusal)
            {
                Decide(target, summary, priorState, ActionStatus.Refused, refusal);
            }
            else
            {
                Proceed(target, summary, priorState, new SetAccountEnabled(DirectoryObjectType.User, user.Id, _enable));
            }
        }
    }

    /// <summary>
    /// Revokes a user's sign-in sessions. When the request carries the time of the activity it answers, sessions
    /// already revoked at or after that time count as done, so re-running on the same finding changes nothing.
    /// </summary>
    internal sealed class SessionRevocationPlanner : Planner
    {
        public SessionRevocationPlanner(ResponseRequest request, PlanningContext context) : base(request, context) { }

        public override IEnumerable<IReadOnlyList<DirectoryOperation>> Run()
        {
            var read = new GetUser(Request.UserId!);
            yield return Read(read);
            if (read.Result is not { } user)
            {
                Fail(new Target(DirectoryObjectType.User, read.Id, null), $"Revoke the sign-in sessions of user {read.Id}", read);
                yield break;
            }

            var target = new Target(DirectoryObjectType.User, user.Id, user.UserPrincipalName ?? user.DisplayName);
            var summary = $"Revoke the sign-in sessions of {target}";
            var priorState = new PriorStateWriter().User(user).Finish();
            if (Request.EventTime is { } eventTime && user.SignInSessionsValidFromDateTime is { } validFrom && validFrom >= eventTime)
            {
                Decide(target, summary, priorState, ActionStatus.AlreadyDone,
                    $"Sessions of {target} were already revoked at {validFrom.UtcDateTime:u}, after the activity at {eventTime.UtcDateTime:u}.");
            }
            else if (Context.Connection.Is(user) && SelfLockout($"revoking the sessions of the signed-in {target}") is { } refusal)
            {
                Decide(target, summary, priorState, ActionStatus.Refused, refusal);
            }
            else
            {
                Note("revocation takes effect within minutes; access tokens already issued stay valid until they expire");
                Proceed(target, summary, priorState, new RevokeSignInSessions(user.Id));
            }
        }
    }
}
