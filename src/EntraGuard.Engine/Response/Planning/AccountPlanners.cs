using System.Collections.Generic;

namespace EntraGuard.Response.Planning
{
    /// <summary>
    /// Disables or enables a service principal or a user (accountEnabled). Already in that state is already done;
    /// disabling the identity EntraGuard is connected as is refused unless forced.
    /// </summary>
    internal sealed class AccountStatePlanner : Planner
    {
        private readonly DirectoryObjectType _type;
        private readonly bool _enable;

        public AccountStatePlanner(
            ResponseRequest request,
            PlanningContext context,
            DirectoryObjectType type,
            bool enable
        )
            : base(request, context)
        {
            _type = type;
            _enable = enable;
        }

        public override IEnumerable<IReadOnlyList<DirectoryOperation>> Run()
        {
            var id = _type == DirectoryObjectType.User ? Request.UserId! : Request.ServicePrincipalId!;
            var read =
                _type == DirectoryObjectType.User ? (DirectoryOperation)new GetUser(id) : new GetAppObject(_type, id);
            var verb = _enable ? "Enable" : "Disable";
            yield return Read(read);
            if (!read.Succeeded)
            {
                Fail(new Target(_type, id, null), $"{verb} {DirectoryObjectTypes.Describe(_type)} {id}", read);
                yield break;
            }

            Target target;
            string priorState;
            bool? enabled;
            bool self;
            if (read is GetAppObject { Result: { } principal })
            {
                target = new Target(_type, principal.Id, principal.DisplayName);
                priorState = new PriorStateWriter().AppObject(principal, includeCredentials: false).Finish();
                enabled = principal.AccountEnabled;
                self = Context.Connection.Is(principal);
            }
            else
            {
                var user = ((GetUser)read).Result!;
                target = new Target(_type, user.Id, user.UserPrincipalName ?? user.DisplayName);
                priorState = new PriorStateWriter().User(user).Finish();
                enabled = user.AccountEnabled;
                self = Context.Connection.Is(user);
            }

            var summary = $"{verb} {target}";
            if (enabled == _enable)
            {
                Decide(
                    target,
                    summary,
                    priorState,
                    ActionStatus.AlreadyDone,
                    $"{target} is already {(_enable ? "enabled" : "disabled")}."
                );
            }
            else if (
                !_enable
                && self
                && SelfLockout(
                    $"disabling {(_type == DirectoryObjectType.User ? "the signed-in" : "its own")} {target}"
                )
                    is { } refusal
            )
            {
                Decide(target, summary, priorState, ActionStatus.Refused, refusal);
            }
            else
            {
                Proceed(target, summary, priorState, new SetAccountEnabled(_type, target.Id, _enable));
            }
        }
    }

    /// <summary>
    /// Revokes a user's sign-in sessions. When the request carries the time of the activity it answers, sessions
    /// already revoked at or after that time count as done, so re-running on the same finding changes nothing.
    /// </summary>
    internal sealed class SessionRevocationPlanner : Planner
    {
        public SessionRevocationPlanner(ResponseRequest request, PlanningContext context)
            : base(request, context) { }

        public override IEnumerable<IReadOnlyList<DirectoryOperation>> Run()
        {
            var read = new GetUser(Request.UserId!);
            yield return Read(read);
            if (read.Result is not { } user)
            {
                Fail(
                    new Target(DirectoryObjectType.User, read.Id, null),
                    $"Revoke the sign-in sessions of user {read.Id}",
                    read
                );
                yield break;
            }

            var target = new Target(DirectoryObjectType.User, user.Id, user.UserPrincipalName ?? user.DisplayName);
            var summary = $"Revoke the sign-in sessions of {target}";
            var priorState = new PriorStateWriter().User(user).Finish();
            if (
                Request.EventTime is { } eventTime
                && user.SignInSessionsValidFromDateTime is { } validFrom
                && validFrom >= eventTime
            )
            {
                Decide(
                    target,
                    summary,
                    priorState,
                    ActionStatus.AlreadyDone,
                    $"Sessions of {target} were already revoked at {validFrom.UtcDateTime:u}, after the activity "
                        + $"at {eventTime.UtcDateTime:u}."
                );
            }
            else if (
                Context.Connection.Is(user)
                && SelfLockout($"revoking the sessions of the signed-in {target}") is { } refusal
            )
            {
                Decide(target, summary, priorState, ActionStatus.Refused, refusal);
            }
            else
            {
                Note(
                    "revocation takes effect within minutes; access tokens already issued stay valid until they expire"
                );
                Proceed(
                    target,
                    summary,
                    priorState,
                    new RevokeSignInSessions(user.Id, user.SignInSessionsValidFromDateTime)
                );
            }
        }
    }
}
