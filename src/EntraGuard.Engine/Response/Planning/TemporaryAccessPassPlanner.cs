using System;
using System.Collections.Generic;
using System.Linq;

namespace EntraGuard.Response.Planning
{
    /// <summary>
    /// Issues a temporary access pass so a user whose security info was deleted can register again. A user holds one
    /// pass at a time: when one exists, nothing is issued (its code cannot be read back).
    /// </summary>
    internal sealed class TemporaryAccessPassPlanner : Planner
    {
        internal const string PassMethodType = "temporaryAccessPass";

        public TemporaryAccessPassPlanner(ResponseRequest request, PlanningContext context)
            : base(request, context) { }

        public override IEnumerable<IReadOnlyList<DirectoryOperation>> Run()
        {
            var userRead = new GetUser(Request.UserId!);
            var methodsRead = new ListAuthenticationMethods(Request.UserId!);
            yield return Read(userRead, methodsRead);
            var unnamed = new Target(DirectoryObjectType.User, userRead.Id, null);
            if (userRead.Result is not { } user)
            {
                Fail(unnamed, $"Issue a temporary access pass for user {userRead.Id}", userRead);
                yield break;
            }

            var target = new Target(DirectoryObjectType.User, user.Id, user.UserPrincipalName ?? user.DisplayName);
            var summary =
                $"Issue a temporary access pass ({Request.LifetimeInMinutes} min, "
                + $"{(Request.IsUsableOnce ? "usable once" : "reusable")}) for {target}";
            if (methodsRead.Result is not { } methods)
            {
                Fail(target, summary, methodsRead);
                yield break;
            }

            var priorState = new PriorStateWriter().User(user).AuthenticationMethods(methods).Finish();
            var existing = methods.FirstOrDefault(m =>
                string.Equals(m.MethodType, PassMethodType, StringComparison.OrdinalIgnoreCase)
            );
            if (existing != null)
            {
                Decide(
                    target,
                    summary,
                    priorState,
                    ActionStatus.Refused,
                    $"{target} already has a temporary access pass ({existing.Id}"
                        + (existing.CreatedDateTime is { } created ? $", created {created.UtcDateTime:u}" : "")
                        + "); a user holds one at a time and its code cannot be read back. Delete it first to "
                        + "issue a new one."
                );
                yield break;
            }
            if (user.AccountEnabled == false)
                Note($"{target} is disabled: the pass works only once the account is enabled again");
            Proceed(
                target,
                summary,
                priorState,
                new CreateTemporaryAccessPass(user.Id, Request.LifetimeInMinutes, Request.IsUsableOnce)
            );
        }
    }
}
