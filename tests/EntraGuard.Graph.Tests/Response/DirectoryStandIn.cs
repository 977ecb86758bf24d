using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using EntraGuard.Graph.Tests.StandIn;
using Microsoft.AspNetCore.Http;

namespace EntraGuard.Graph.Tests.Response
{
    /// <summary>One request as the directory received it, on its own or as a part of a $batch.</summary>
    public sealed record DirectoryRequest(
        string Method,
        string Url,
        string Body,
        IReadOnlyDictionary<string, string> Headers,
        bool InBatch
    )
    {
        public string Path => Url.Split('?')[0];
        public string? Query => Url.Contains('?') ? Uri.UnescapeDataString(Url[(Url.IndexOf('?') + 1)..]) : null;

        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

        public override string ToString() =>
            $"{Method} {Uri.UnescapeDataString(Url)}" + (Body.Length == 0 ? "" : " " + Body);
    }

    /// <summary>
    /// A small Entra directory behind the Graph stand-in: service principals, applications, users, groups and
    /// authentication methods, answering the remediation endpoints the way Graph does (including <c>key</c> only for
    /// <c>$select=keyCredentials</c> on the single object, 400 for a member already present, advanced queries only
    /// with ConsistencyLevel) and JSON batches, whose parts can be scripted to answer 429.
    /// </summary>
    public sealed class DirectoryStandIn
    {
        private readonly GraphStandIn _standIn;
        private readonly Dictionary<string, JsonObject> _servicePrincipals = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, JsonObject> _applications = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, JsonObject> _users = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, JsonObject> _groups = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, HashSet<string>> _members = new(StringComparer.OrdinalIgnoreCase);
        private readonly Dictionary<string, JsonArray> _methods = new(StringComparer.OrdinalIgnoreCase);
        private readonly List<DirectoryRequest> _requests = new();

        public DirectoryStandIn(GraphStandIn standIn)
        {
            _standIn = standIn;
            standIn.On("POST", "/$batch", BatchAsync);
        }

        /// <summary>Every request the directory handled, batch parts included, in order (the $batch envelopes are
        /// not).</summary>
        public IReadOnlyList<DirectoryRequest> Requests
        {
            get
            {
                lock (_requests)
                    return _requests.ToArray();
            }
        }

        public IReadOnlyList<DirectoryRequest> Writes => Requests.Where(r => r.Method != "GET").ToArray();

        /// <summary>Batch parts that match get 429 with this Retry-After, the given number of times each.</summary>
        public List<(Func<DirectoryRequest, bool> Match, int Times, string? RetryAfter)> ThrottleParts { get; } = new();

        /// <summary>Requests that match get this status and Graph error code.</summary>
        public List<(Func<DirectoryRequest, bool> Match, int Status, string Code, string Message)> Failures { get; } =
            new();

        public string Pass { get; set; } = "TAP-Kx9!pQ4w";

        private readonly Dictionary<(string, string), int> _throttleCounts = new();

        // ---- objects ---------------------------------------------------------------------------------------------

        public JsonObject ServicePrincipal(string id) => _servicePrincipals[id];

        public JsonObject Application(string id) => _applications[id];

        public JsonObject User(string id) => _users[id];

        public IReadOnlyCollection<string> Members(string groupId) => _members[groupId];

        public void AddServicePrincipal(
            string id,
            string appId,
            string name,
            bool enabled = true,
            JsonArray? passwords = null,
            JsonArray? keys = null
        )
        {
            _servicePrincipals[id] = new JsonObject
            {
                ["id"] = id,
                ["appId"] = appId,
                ["displayName"] = name,
                ["accountEnabled"] = enabled,
                ["passwordCredentials"] = passwords ?? new JsonArray(),
                ["keyCredentials"] = keys ?? new JsonArray(),
            };
            Serve("GET", $"/servicePrincipals/{id}");
            Serve("PATCH", $"/servicePrincipals/{id}");
            Serve("POST", $"/servicePrincipals/{id}/removePassword");
        }

        public void AddApplication(
            string id,
            string appId,
            string name,
            JsonArray? passwords = null,
            JsonArray? keys = null
        )
        {
            _applications[id] = new JsonObject
            {
                ["id"] = id,
                ["appId"] = appId,
                ["displayName"] = name,
                ["passwordCredentials"] = passwords ?? new JsonArray(),
                ["keyCredentials"] = keys ?? new JsonArray(),
            };
            Serve("GET", $"/applications/{id}");
            Serve("GET", $"/applications(appId='{appId}')");
            Serve("PATCH", $"/applications/{id}");
            Serve("POST", $"/applications/{id}/removePassword");
        }

        /// <summary>Serves the appId lookup of an application that is not in this tenant (404).</summary>
        public void NoApplicationFor(string appId) => Serve("GET", $"/applications(appId='{appId}')");

        public void AddUser(
            string id,
            string upn,
            bool enabled = true,
            string? sessionsValidFrom = null,
            JsonArray? methods = null
        )
        {
            _users[id] = new JsonObject
            {
                ["id"] = id,
                ["userPrincipalName"] = upn,
                ["displayName"] = upn.Split('@')[0],
                ["accountEnabled"] = enabled,
                ["signInSessionsValidFromDateTime"] = sessionsValidFrom,
            };
            _methods[id] = methods ?? new JsonArray();
            Serve("GET", $"/users/{id}");
            Serve("GET", $"/users/{upn}");
            Serve("PATCH", $"/users/{id}");
            Serve("POST", $"/users/{id}/revokeSignInSessions");
            Serve("GET", $"/users/{id}/authentication/methods");
            Serve("POST", $"/users/{id}/authentication/temporaryAccessPassMethods");
        }

        public void AddGroup(
            string id,
            string name,
            IEnumerable<string>? members = null,
            bool dynamic = false,
            bool roleAssignable = false
        )
        {
            _groups[id] = new JsonObject
            {
                ["id"] = id,
                ["displayName"] = name,
                ["groupTypes"] = dynamic ? new JsonArray("DynamicMembership") : new JsonArray(),
                ["membershipRule"] = dynamic ? "user.department -eq \"SOC\"" : null,
                ["isAssignableToRole"] = roleAssignable,
                ["onPremisesSyncEnabled"] = null,
            };
            _members[id] = new HashSet<string>(members ?? Array.Empty<string>(), StringComparer.OrdinalIgnoreCase);
            Serve("GET", $"/groups/{id}");
            Serve("GET", $"/groups/{id}/members");
            Serve("POST", $"/groups/{id}/members/$ref");
        }

        public static JsonObject Password(string keyId, string name) =>
            new()
            {
                ["keyId"] = keyId,
                ["displayName"] = name,
                ["hint"] = "Qx~",
                ["secretText"] = null,
                ["endDateTime"] = "2027-11-13T02:11:07Z",
            };

        public static JsonObject Certificate(string keyId, string name, byte[] key, string usage = "Verify") =>
            new()
            {
                ["keyId"] = keyId,
                ["type"] = "AsymmetricX509Cert",
                ["usage"] = usage,
                ["displayName"] = name,
                ["customKeyIdentifier"] = Convert.ToBase64String(key.Take(20).ToArray()),
                ["key"] = Convert.ToBase64String(key),
                ["startDateTime"] = "2026-01-01T00:00:00Z",
                ["endDateTime"] = "2027-01-01T00:00:00Z",
            };

        // ---- HTTP ------------------------------------------------------------------------------------------------

        private void Serve(string method, string path) =>
            _standIn.On(
                method,
                path,
                async (context, request) =>
                {
                    var part = new DirectoryRequest(
                        request.Method,
                        request.Path[GraphStandIn.Version.Length..] + request.RawQuery,
                        request.Body,
                        request.Headers,
                        false
                    );
                    var (status, body, headers) = Handle(part);
                    foreach (var (name, value) in headers)
                        context.Response.Headers[name] = value;
                    if (body is null)
                    {
                        context.Response.StatusCode = status;
                        return;
                    }
                    await GraphStandIn.Json(context, body.ToJsonString(), status);
                }
            );

        private async Task BatchAsync(HttpContext context, RecordedRequest request)
        {
            var batch = JsonNode.Parse(request.Body)!["requests"]!.AsArray();
            var responses = new JsonArray();
            foreach (var item in batch)
            {
                var headers =
                    (item!["headers"] as JsonObject)?.ToDictionary(
                        h => h.Key,
                        h => h.Value!.GetValue<string>(),
                        StringComparer.OrdinalIgnoreCase
                    )
                    ?? new Dictionary<string, string>();
                var part = new DirectoryRequest(
                    item["method"]!.GetValue<string>(),
                    item["url"]!.GetValue<string>(),
                    item["body"]?.ToJsonString() ?? "",
                    headers,
                    true
                );
                var (status, body, responseHeaders) = Throttled(part) is { } retryAfter
                    ? (
                        429,
                        Error("TooManyRequests", "Too many requests."),
                        retryAfter.Length == 0
                            ? new Dictionary<string, string>()
                            : new Dictionary<string, string> { ["Retry-After"] = retryAfter }
                    )
                    : Handle(part);
                responseHeaders["Content-Type"] = "application/json";
                var answer = new JsonObject
                {
                    ["id"] = item["id"]!.GetValue<string>(),
                    ["status"] = status,
                    ["headers"] = new JsonObject(
                        responseHeaders.Select(h => KeyValuePair.Create(h.Key, (JsonNode?)h.Value))
                    ),
                };
                if (body != null)
                    answer["body"] = body;
                responses.Add(answer);
            }
            await GraphStandIn.Json(context, new JsonObject { ["responses"] = responses }.ToJsonString());
        }

        private string? Throttled(DirectoryRequest part)
        {
            lock (_throttleCounts)
            {
                foreach (var (match, times, retryAfter) in ThrottleParts)
                {
                    if (!match(part))
                        continue;
                    _throttleCounts.TryGetValue((part.Method, part.Url), out var count);
                    if (count >= times)
                        continue;
                    _throttleCounts[(part.Method, part.Url)] = count + 1;
                    lock (_requests)
                        _requests.Add(part);
                    return retryAfter ?? "";
                }
            }
            return null;
        }

        private static JsonObject Error(string code, string message) =>
            new()
            {
                ["error"] = new JsonObject { ["code"] = code, ["message"] = message },
            };

        /// <summary>Graph's behaviour for one request: (status, body or null, headers).</summary>
        private (int, JsonNode?, Dictionary<string, string>) Handle(DirectoryRequest request)
        {
            lock (_requests)
                _requests.Add(request);
            var headers = new Dictionary<string, string>();
            foreach (var (match, status, code, message) in Failures)
            {
                if (match(request))
                    return (status, Error(code, message), headers);
            }
            lock (_servicePrincipals)
            {
                return Route(request, headers);
            }
        }

        private (int, JsonNode?, Dictionary<string, string>) Route(
            DirectoryRequest request,
            Dictionary<string, string> headers
        )
        {
            var path = Uri.UnescapeDataString(request.Path);
            var segments = path.Trim('/').Split('/');
            var select = QueryValue(request, "$select")?.Split(',');
            JsonNode? body = request.Body.Length > 0 ? JsonNode.Parse(request.Body) : null;
            (int, JsonNode?, Dictionary<string, string>) Ok(JsonNode? node, int status = 200) =>
                (status, node, headers);
            (int, JsonNode?, Dictionary<string, string>) NotFound() =>
                (
                    404,
                    Error(
                        "Request_ResourceNotFound",
                        $"Resource '{path}' does not exist or one of its queried reference-property objects are "
                            + $"not present."
                    ),
                    headers
                );

            switch (segments[0])
            {
                case var appKey when appKey.StartsWith("applications(appId='", StringComparison.Ordinal):
                    var appId = appKey["applications(appId='".Length..^2];
                    var byAppId = _applications.Values.FirstOrDefault(a => a["appId"]!.GetValue<string>() == appId);
                    return byAppId is null ? NotFound() : Ok(Project(byAppId, select));
                case "servicePrincipals" or "applications":
                    var objects = segments[0] == "servicePrincipals" ? _servicePrincipals : _applications;
                    if (!objects.TryGetValue(segments[1], out var holder))
                        return NotFound();
                    if (segments.Length == 3 && segments[2] == "removePassword")
                    {
                        var keyId = body!["keyId"]!.GetValue<string>();
                        var passwords = holder["passwordCredentials"]!.AsArray();
                        var existing = passwords.FirstOrDefault(p => p!["keyId"]!.GetValue<string>() == keyId);
                        if (existing is null)
                            return (
                                400,
                                Error("Request_BadRequest", $"No password credential found with keyId {keyId}."),
                                headers
                            );
                        passwords.Remove(existing);
                        return Ok(null, 204);
                    }
                    if (request.Method == "PATCH")
                    {
                        foreach (var (name, value) in body!.AsObject())
                            holder[name] = value?.DeepClone();
                        return Ok(null, 204);
                    }
                    return Ok(Project(holder, select));
                case "users":
                    var user = _users.TryGetValue(segments[1], out var byId)
                        ? byId
                        : _users.Values.FirstOrDefault(u =>
                            string.Equals(
                                u["userPrincipalName"]!.GetValue<string>(),
                                segments[1],
                                StringComparison.OrdinalIgnoreCase
                            )
                        );
                    if (user is null)
                        return NotFound();
                    if (segments.Length == 2 && request.Method == "PATCH")
                    {
                        foreach (var (name, value) in body!.AsObject())
                            user[name] = value?.DeepClone();
                        return Ok(null, 204);
                    }
                    if (segments.Length == 2)
                        return Ok(Project(user, select));
                    if (segments[2] == "revokeSignInSessions")
                    {
                        user["signInSessionsValidFromDateTime"] = DateTimeOffset.UtcNow.ToString("o");
                        return Ok(
                            new JsonObject
                            {
                                ["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#Edm.Boolean",
                                ["value"] = true,
                            }
                        );
                    }
                    var methods = _methods[user["id"]!.GetValue<string>()];
                    if (request.Method == "GET")
                        return Ok(new JsonObject { ["value"] = methods.DeepClone() });
                    var pass = new JsonObject
                    {
                        ["@odata.type"] = "#microsoft.graph.temporaryAccessPassAuthenticationMethod",
                        ["id"] = Guid.NewGuid().ToString(),
                        ["temporaryAccessPass"] = Pass,
                        ["createdDateTime"] = DateTimeOffset.UtcNow.ToString("o"),
                        ["startDateTime"] = DateTimeOffset.UtcNow.ToString("o"),
                        ["lifetimeInMinutes"] = body!["lifetimeInMinutes"]!.GetValue<int>(),
                        ["isUsableOnce"] = body["isUsableOnce"]!.GetValue<bool>(),
                        ["isUsable"] = true,
                        ["methodUsabilityReason"] = "EnabledByPolicy",
                    };
                    var stored = (JsonObject)pass.DeepClone();
                    stored.Remove("temporaryAccessPass");
                    methods.Add(stored);
                    return Ok(pass, 201);
                case "groups":
                    if (!_groups.TryGetValue(segments[1], out var group))
                        return NotFound();
                    var members = _members[segments[1]];
                    if (segments.Length == 2)
                        return Ok(Project(group, select));
                    if (request.Method == "GET")
                    {
                        if (request.Header("ConsistencyLevel") != "eventual")
                        {
                            return (
                                400,
                                Error(
                                    "Request_UnsupportedQuery",
                                    "Unsupported Query: filter on members needs ConsistencyLevel eventual and $count."
                                ),
                                headers
                            );
                        }
                        var wanted = QueryValue(request, "$filter")!.Split('\'')[1];
                        var found = members.Contains(wanted)
                            ? new JsonArray(
                                new JsonObject { ["@odata.type"] = "#microsoft.graph.user", ["id"] = wanted }
                            )
                            : new JsonArray();
                        return Ok(new JsonObject { ["@odata.count"] = found.Count, ["value"] = found });
                    }
                    if (group["groupTypes"]!.AsArray().Any(t => t!.GetValue<string>() == "DynamicMembership"))
                    {
                        return (
                            400,
                            Error(
                                "Request_BadRequest",
                                "Insufficient privileges to complete the operation: the group has dynamic membership."
                            ),
                            headers
                        );
                    }
                    var memberId = body!["@odata.id"]!.GetValue<string>().Split('/').Last();
                    if (!members.Add(memberId))
                    {
                        return (
                            400,
                            Error(
                                "Request_BadRequest",
                                "One or more added object references already exist for the following modified "
                                    + "properties: 'members'."
                            ),
                            headers
                        );
                    }
                    return Ok(null, 204);
                default:
                    return NotFound();
            }
        }

        private static string? QueryValue(DirectoryRequest request, string name)
        {
            if (request.Query is not { } query)
                return null;
            foreach (var pair in query.Split('&'))
            {
                var equals = pair.IndexOf('=');
                if (equals > 0 && pair[..equals] == name)
                    return pair[(equals + 1)..];
            }
            return null;
        }

        /// <summary>
        /// The selected properties. Like Graph, a certificate's <c>key</c> comes back only when keyCredentials is the
        /// one property selected on the single object; otherwise it is null.
        /// </summary>
        private static JsonObject Project(JsonObject source, string[]? select)
        {
            var result = new JsonObject();
            foreach (var (name, value) in source)
            {
                if (select is null || select.Contains(name))
                    result[name] = value?.DeepClone();
            }
            if (
                result["keyCredentials"] is JsonArray keys
                && !(select is { Length: 1 } && select[0] == "keyCredentials")
            )
            {
                foreach (var key in keys)
                    key!["key"] = null;
            }
            return result;
        }
    }
}
