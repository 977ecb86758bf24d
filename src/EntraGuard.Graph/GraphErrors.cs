using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.RegularExpressions;
using Azure.Identity;
using EntraGuard.Collection;
using EntraGuard.Ingest;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;

namespace EntraGuard.Graph
{
    /// <summary>
    /// Maps whatever the SDK, Azure.Identity or the network threw into a <see cref="GraphRequestException"/> that names
    /// the cause and the remedy, with every secret scrubbed and no SDK type attached. Secrets are the connection's
    /// own and every token the session obtained (opaque ones too: a client-secret sign-in need not return a JWT).
    /// </summary>
    internal sealed class GraphErrors
    {
        private readonly IReadOnlyList<SecretText> _secrets;
        private readonly ConcurrentDictionary<string, bool> _tokens = new(StringComparer.Ordinal);

        public GraphErrors(GraphConnectionOptions options)
        {
            _secrets = new[] { options.ClientSecret, options.CertificatePassword, options.AccessToken }
                .Where(s => s != null)
                .ToArray()!;
        }

        // Tokens an Azure.Identity credential obtained are not known in advance: mask anything shaped like one.
        private static readonly Regex TokenShapes = new(
            @"(?<=Bearer\s+)\S+|eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase
        );

        /// <summary>Remembers a token the session obtained, so that no message can show it.</summary>
        public void Remember(string token)
        {
            if (!string.IsNullOrEmpty(token))
                _tokens.TryAdd(token, true);
        }

        /// <summary>
        /// Removes every secret of this connection, every token it obtained, and anything shaped like a bearer token
        /// from a text.
        /// </summary>
        public string Scrub(string text)
        {
            foreach (var secret in _secrets)
                text = secret.Scrub(text);
            foreach (var token in _tokens.Keys)
                text = SecretText.Scrub(text, token);
            return TokenShapes.Replace(text, SecretText.Mask);
        }

        /// <summary>A request that got no whole answer in time: which one, and how long it was given.</summary>
        public GraphRequestException TimedOut(Uri request, TimeSpan timeout, string operation) =>
            new(
                GraphErrorKind.Transient,
                $"Graph did not answer within {timeout.TotalSeconds:0.#} s while {operation} "
                    + $"(GET {InputText.OneLine(Scrub(request.ToString()), InputText.QuotedLength)})."
            );

        /// <param name="exception">What was thrown.</param>
        /// <param name="operation">What was being done ("reading directory audits").</param>
        /// <param name="permissions">The least-privilege permissions the operation needs, for a 403.</param>
        public GraphRequestException Map(Exception exception, string operation, string permissions)
        {
            switch (exception)
            {
                case GraphRequestException already:
                    return already;
                case ODataError odata:
                    return FromStatus(
                        odata.ResponseStatusCode,
                        odata.Error?.Code,
                        odata.Error?.Message ?? odata.Message,
                        odata.Error?.InnerError?.RequestId ?? Header(odata, "request-id"),
                        operation,
                        permissions
                    );
                case ApiException api:
                    return FromStatus(
                        api.ResponseStatusCode,
                        null,
                        api.Message,
                        Header(api, "request-id"),
                        operation,
                        permissions
                    );
                case AggregateException aggregate when aggregate.InnerExceptions.LastOrDefault() is ApiException last:
                    // The SDK's retry handler gave up: the last answer tells why.
                    var exhausted = FromStatus(
                        last.ResponseStatusCode,
                        null,
                        "",
                        Header(last, "request-id"),
                        operation,
                        permissions
                    );
                    return new GraphRequestException(
                        exhausted.Kind,
                        $"Graph kept answering {last.ResponseStatusCode} while {operation}, through "
                            + $"{aggregate.InnerExceptions.Count - 1} retries.",
                        last.ResponseStatusCode,
                        exhausted.ErrorCode,
                        exhausted.RequestId
                    );
                case AuthenticationFailedException or CredentialUnavailableException:
                    return new GraphRequestException(
                        GraphErrorKind.Authentication,
                        $"Could not get an access token for Microsoft Graph: {Scrub(FirstLine(exception.Message))}"
                    );
                case AuditDataException data:
                    return new GraphRequestException(
                        GraphErrorKind.Transient,
                        $"Graph's response was cut short or malformed while {operation}: {data.Problem}."
                    );
                case EntraGuard.Posture.GraphPayloadException payload when payload.IsUnparsed:
                    return new GraphRequestException(
                        GraphErrorKind.Transient,
                        $"Graph's response was cut short or malformed while {operation}: {payload.Message}.",
                        cause: payload
                    );
                case EntraGuard.Posture.GraphPayloadException payload:
                    // Complete JSON of the wrong shape: the same request gets the same answer, so no retry.
                    return new GraphRequestException(
                        GraphErrorKind.Protocol,
                        $"Graph's response has an unexpected shape while {operation}: {payload.Message}.",
                        cause: payload
                    );
                case HttpRequestException or IOException:
                    return new GraphRequestException(
                        GraphErrorKind.Transient,
                        $"The connection to Graph failed or its response was cut short while {operation}: "
                            + $"{Scrub(FirstLine(Innermost(exception).Message))}"
                    );
                case OperationCanceledException:
                    return new GraphRequestException(
                        GraphErrorKind.Transient,
                        $"Graph did not answer in time while {operation}."
                    );
                case ArgumentException argument:
                    return new GraphRequestException(GraphErrorKind.BadRequest, Scrub(argument.Message));
                default:
                    return new GraphRequestException(
                        GraphErrorKind.Other,
                        $"Unexpected failure while {operation}: {exception.GetType().Name}: "
                            + $"{Scrub(FirstLine(exception.Message))}"
                    );
            }
        }

        private GraphRequestException FromStatus(
            int status,
            string? code,
            string message,
            string? requestId,
            string operation,
            string permissions
        )
        {
            // Our sentence ends the text, so the server's own full stop goes.
            var detail = Scrub(FirstLine(message))?.TrimEnd('.', ' ');
            var said = string.IsNullOrEmpty(detail) ? "" : $": {detail}";
            var codeText = string.IsNullOrEmpty(code) ? "" : $" {code}";
            var kind = status switch
            {
                401 => GraphErrorKind.Authentication,
                403 => GraphErrorKind.PermissionDenied,
                404 => GraphErrorKind.NotFound,
                429 => GraphErrorKind.Throttled,
                >= 500 => GraphErrorKind.Transient,
                >= 400 => GraphErrorKind.BadRequest,
                _ => GraphErrorKind.Other,
            };
            var text = kind switch
            {
                GraphErrorKind.Authentication =>
                    $"Graph refused the access token while {operation} ({status}{codeText}){said}. The token may "
                        + $"have expired: connect again (Connect-EntraGuard, or a fresh ENTRAGUARD_ACCESS_TOKEN).",
                GraphErrorKind.PermissionDenied =>
                    $"Graph denied access while {operation} ({status}{codeText}){said}. This needs {permissions}.",
                GraphErrorKind.NotFound => $"Graph found no such object while {operation} ({status}{codeText}){said}.",
                GraphErrorKind.Throttled =>
                    $"Graph throttled the request while {operation} ({status}{codeText}){said}.",
                _ => $"Graph answered {status}{codeText} while {operation}{said}.",
            };
            return new GraphRequestException(kind, text, status, code, requestId);
        }

        private static string? Header(ApiException exception, string name) =>
            exception.ResponseHeaders != null && exception.ResponseHeaders.TryGetValue(name, out var values)
                ? values.FirstOrDefault()
                : null;

        private static Exception Innermost(Exception exception)
        {
            while (exception.InnerException != null)
                exception = exception.InnerException;
            return exception;
        }

        private static string FirstLine(string text)
        {
            var end = text.IndexOfAny(new[] { '\r', '\n' });
            return (end < 0 ? text : text.Substring(0, end)).Trim();
        }
    }
}
