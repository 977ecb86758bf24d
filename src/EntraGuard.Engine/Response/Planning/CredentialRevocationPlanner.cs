using System;
using System.Collections.Generic;
using System.Linq;
using EntraGuard.Collection;

namespace EntraGuard.Response.Planning
{
    /// <summary>
    /// Removes one credential, by key id, wherever it is: on the service principal, on its application, or both.
    /// Passwords go through removePassword. Certificates cannot go through removeKey (it wants a proof signed by one of
    /// the object's own keys, which a responder does not hold), so the object's keyCredentials are read with their key
    /// material and PATCHed back without the bad one: every other certificate survives intact, and passwords are not
    /// touched. A key found nowhere is already gone.
    /// </summary>
    internal sealed class CredentialRevocationPlanner : Planner
    {
        public CredentialRevocationPlanner(ResponseRequest request, PlanningContext context)
            : base(request, context) { }

        public override IEnumerable<IReadOnlyList<DirectoryOperation>> Run()
        {
            var keyId = Request.KeyId!;
            var principalRead = Request.ServicePrincipalId is { } spId
                ? new GetAppObject(DirectoryObjectType.ServicePrincipal, spId)
                : null;
            var applicationRead = Request.ApplicationId is { } appObjectId
                ? new GetAppObject(DirectoryObjectType.Application, appObjectId)
                : null;
            var requested =
                principalRead != null
                    ? new Target(DirectoryObjectType.ServicePrincipal, principalRead.Id, null)
                    : new Target(DirectoryObjectType.Application, applicationRead!.Id, null);
            yield return Read(principalRead, applicationRead);

            // The application behind the service principal may hold the key instead (the portal's "Certificates &
            // secrets" adds there). Not every service principal has one in this tenant: multi-tenant apps and
            // managed identities do not, and then Graph answers 404.
            var principal = principalRead?.Result;
            if (principal?.AppId != null && applicationRead is null)
            {
                applicationRead = new GetAppObject(DirectoryObjectType.Application, principal.AppId, byAppId: true);
                yield return Read(applicationRead);
            }
            var application = applicationRead?.Result;

            var objects = new[] { principal, application }.Where(o => o != null).Select(o => o!).ToArray();
            var failedReads = new[] { principalRead, applicationRead }
                .Where(r =>
                    r?.Outcome?.Error is { } error
                    && !(r == applicationRead && r.ByAppId && error.Kind == GraphErrorKind.NotFound)
                )
                .Select(r => r!)
                .ToArray();
            if (objects.Length == 0)
            {
                Fail(requested, $"Revoke credential {keyId} of {requested}", failedReads[0]);
                yield break;
            }

            var priorState = Describe(objects);
            var found = objects
                .Select(o =>
                    (
                        Object: o,
                        Password: o.PasswordCredentials.FirstOrDefault(p => CredentialKeys.Same(p.KeyId, keyId)),
                        Certificate: o.KeyCredentials.FirstOrDefault(k => CredentialKeys.Same(k.KeyId, keyId))
                    )
                )
                .Where(f => f.Password != null || f.Certificate != null)
                .ToArray();
            var target = ToTarget(found.Length > 0 ? found[0].Object : objects[0]);
            var summary = $"Revoke credential {keyId} of {target}";

            if (found.Length == 0)
            {
                if (failedReads.Length > 0)
                {
                    Decide(
                        target,
                        summary,
                        priorState,
                        ActionStatus.Failed,
                        $"Credential {keyId} is not on {string.Join(" or ", objects.Select(o => o.ToString()))}, "
                            + $"and the rest could not be checked: {failedReads[0].Outcome!.Error!.Message}",
                        failedReads[0].Outcome!.Error
                    );
                }
                else
                {
                    Decide(
                        target,
                        summary,
                        priorState,
                        ActionStatus.AlreadyDone,
                        $"No credential {keyId} on {string.Join(" or ", objects.Select(o => o.ToString()))}: it is "
                            + $"already gone."
                    );
                }
                yield break;
            }

            foreach (var (holder, password, certificate) in found)
            {
                var actualType = password != null ? CredentialDescriptor.PasswordType : certificate!.Type;
                if (
                    Request.KeyType != null
                    && !string.Equals(Request.KeyType, actualType, StringComparison.OrdinalIgnoreCase)
                )
                {
                    Note($"the request said {Request.KeyType}; on {holder} the credential is {actualType}");
                }
                if (
                    Context.Connection.Is(holder)
                    && SelfLockout($"removing a credential from its own {holder}") is { } refusal
                )
                {
                    Decide(target, summary, priorState, ActionStatus.Refused, refusal);
                    yield break;
                }
            }

            // Certificates: read the collection with key material immediately before writing it back.
            var certificateReads = found
                .Where(f => f.Certificate != null)
                .Select(f => (f.Object, Read: new GetKeyCredentials(f.Object.Type, f.Object.Id)))
                .ToArray();
            if (certificateReads.Length > 0)
                yield return Read(certificateReads.Select(c => (DirectoryOperation)c.Read).ToArray());

            var calls = new List<DirectoryOperation>();
            foreach (var (holder, password, _) in found.Where(f => f.Password != null))
            {
                calls.Add(new RemovePassword(holder.Type, holder.Id, password!.KeyId));
            }
            foreach (var (holder, read) in certificateReads)
            {
                if (!read.Succeeded)
                {
                    Fail(target, summary, read);
                    yield break;
                }
                var current = read.Result!;
                var bad = current.FirstOrDefault(k => CredentialKeys.Same(k.KeyId, keyId));
                if (bad is null)
                {
                    Note($"certificate {keyId} left {holder} between the two reads");
                    continue;
                }
                var keep = current.Where(k => k != bad).ToArray();
                var withoutKey = keep.Where(k => !k.HasKey).ToArray();
                if (withoutKey.Length > 0)
                {
                    Decide(
                        target,
                        summary,
                        priorState,
                        ActionStatus.Refused,
                        $"Graph did not return the key material of "
                            + $"{string.Join(", ", withoutKey.Select(k => k.ToString()))} on {holder}; "
                            + "writing the certificates back without it would delete them, so nothing was changed."
                    );
                    yield break;
                }
                if (keep.Length > 0)
                    Note(
                        $"kept on {holder}: {string.Join(", ", keep.Select(k => k.ToString()))} (with their key "
                            + $"material)"
                    );
                calls.Add(new ReplaceKeyCredentials(holder.Type, holder.Id, keep, new[] { bad.KeyId }));
            }

            if (calls.Count == 0)
            {
                Decide(target, summary, priorState, ActionStatus.AlreadyDone, $"Credential {keyId} is already gone.");
                yield break;
            }
            var what = found[0].Password?.ToString() ?? found[0].Certificate!.ToString();
            Proceed(
                target,
                $"Remove {what} from {string.Join(" and ", found.Select(f => f.Object.ToString()))}",
                priorState,
                calls.ToArray()
            );
        }

        private static Target ToTarget(AppObjectState state) => new(state.Type, state.Id, state.DisplayName);

        private static string Describe(IEnumerable<AppObjectState> objects)
        {
            var writer = new PriorStateWriter();
            foreach (var state in objects)
                writer.AppObject(state, includeCredentials: true);
            return writer.Finish();
        }
    }
}
