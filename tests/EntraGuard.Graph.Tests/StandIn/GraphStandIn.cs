using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EntraGuard.Graph.Tests.StandIn
{
    /// <summary>One request as the stand-in received it.</summary>
    public sealed record RecordedRequest(
        int Index,
        DateTimeOffset ReceivedAt,
        string Method,
        string Path,
        string RawQuery,
        IReadOnlyDictionary<string, string> Query,
        IReadOnlyDictionary<string, string> Headers,
        string Body
    )
    {
        public string PathAndQuery => Path + RawQuery;

        public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
    }

    /// <summary>
    /// A stand-in for Microsoft Graph: a real Kestrel server on 127.0.0.1 (a free port) inside the test process,
    /// talked to by the real GraphServiceClient. Routes are registered per method and path (relative to /v1.0) at
    /// any time; every request is recorded (method, path, raw query, headers, body) so tests assert exact requests.
    /// Helpers script the faults Graph produces: statuses with or without Retry-After, cut connections, truncated
    /// bodies.
    /// </summary>
    public sealed class GraphStandIn : IAsyncDisposable
    {
        public const string Version = "/v1.0";
        public const string Beta = "/beta";
        private readonly WebApplication _app;
        private readonly ConcurrentDictionary<
            (string Method, string Path),
            Func<HttpContext, RecordedRequest, Task>
        > _routes = new();
        private readonly List<RecordedRequest> _requests = new();
        private int _count;

        private GraphStandIn(WebApplication app) => _app = app;

        public static async Task<GraphStandIn> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var app = builder.Build();
            var standIn = new GraphStandIn(app);
            app.Run(standIn.HandleAsync);
            await app.StartAsync();
            var address = app.Services.GetService(typeof(Microsoft.AspNetCore.Hosting.Server.IServer))
                is Microsoft.AspNetCore.Hosting.Server.IServer server
                ? server.Features.Get<IServerAddressesFeature>()!.Addresses.First()
                : throw new InvalidOperationException("Kestrel did not start.");
            standIn.Root = new Uri(address);
            return standIn;
        }

        /// <summary>http://127.0.0.1:port</summary>
        public Uri Root { get; private set; } = null!;

        /// <summary>The base URL to hand to EntraGuard (version included).</summary>
        public string BaseUrl => Root.ToString().TrimEnd('/') + Version;

        /// <summary>An absolute URL on the stand-in for a path relative to the version (a nextLink).</summary>
        public string Url(string relativePathAndQuery) => BaseUrl + relativePathAndQuery;

        /// <summary>Every request received so far, in order.</summary>
        public IReadOnlyList<RecordedRequest> Requests
        {
            get
            {
                lock (_requests)
                    return _requests.ToArray();
            }
        }

        public IReadOnlyList<RecordedRequest> RequestsTo(string path, string version = Version) =>
            Requests.Where(r => r.Path == version + path).ToArray();

        /// <summary>Answers <paramref name="method"/> <paramref name="path"/> (relative to /v1.0) with the
        /// handler.</summary>
        public void On(
            string method,
            string path,
            Func<HttpContext, RecordedRequest, Task> handler,
            string version = Version
        ) => _routes[(method.ToUpperInvariant(), version + path)] = handler;

        /// <summary>Answers with a fixed JSON body.</summary>
        public void OnJson(string method, string path, string json, int status = 200) =>
            On(method, path, (context, _) => Json(context, json, status));

        /// <summary>Hands out the responders in turn, one per request; the last one answers all requests after
        /// it.</summary>
        public void OnSequence(string method, string path, params Func<HttpContext, RecordedRequest, Task>[] responders)
        {
            var next = -1;
            On(
                method,
                path,
                (context, request) =>
                    responders[Math.Min(Interlocked.Increment(ref next), responders.Length - 1)](context, request)
            );
        }

        private async Task HandleAsync(HttpContext context)
        {
            string body;
            using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
                body = await reader.ReadToEndAsync();
            var request = new RecordedRequest(
                Interlocked.Increment(ref _count),
                DateTimeOffset.UtcNow,
                context.Request.Method,
                context.Request.Path.Value ?? "",
                context.Request.QueryString.Value ?? "",
                context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString(), StringComparer.Ordinal),
                context.Request.Headers.ToDictionary(
                    h => h.Key,
                    h => h.Value.ToString(),
                    StringComparer.OrdinalIgnoreCase
                ),
                body
            );
            lock (_requests)
                _requests.Add(request);
            if (_routes.TryGetValue((request.Method, request.Path), out var handler))
                await handler(context, request);
            else
                await Error(
                    context,
                    404,
                    "Request_ResourceNotFound",
                    $"The stand-in has no route for {request.Method} {request.Path}."
                );
        }

        // ---- responses --------------------------------------------------------------------------------------------

        public static async Task Json(HttpContext context, string json, int status = 200)
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = bytes.Length;
            await context.Response.Body.WriteAsync(bytes);
        }

        /// <summary>A Graph error body with the given status, code and message (and Retry-After when given).</summary>
        public static Task Error(
            HttpContext context,
            int status,
            string code,
            string message,
            string? retryAfter = null
        )
        {
            if (retryAfter != null)
                context.Response.Headers["Retry-After"] = retryAfter;
            context.Response.Headers["request-id"] = "00000000-0000-0000-0000-000000000" + status.ToString("000");
            var json =
                $"{{\"error\":{{\"code\":{System.Text.Json.JsonSerializer.Serialize(code)},"
                + $"\"message\":{System.Text.Json.JsonSerializer.Serialize(message)},"
                + $"\"innerError\":{{\"request-id\":\"00000000-0000-0000-0000-000000000{status:000}\","
                + $"\"date\":\"2026-01-01T00:00:00\"}}}}}}";
            return Json(context, json, status);
        }

        public static Func<HttpContext, RecordedRequest, Task> Status(int status, string? retryAfter = null) =>
            (context, _) =>
                Error(
                    context,
                    status,
                    status == 429 ? "TooManyRequests" : "ServiceUnavailable",
                    $"Scripted {status}.",
                    retryAfter
                );

        /// <summary>Promises the whole body (Content-Length), sends part of it, then drops the connection.</summary>
        public static async Task CutConnection(HttpContext context, string json)
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = bytes.Length;
            await context.Response.Body.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
            await context.Response.Body.FlushAsync();
            context.Abort();
        }

        /// <summary>A well-terminated response whose JSON stops half-way (chunked, no length to betray it).</summary>
        public static async Task Truncated(HttpContext context, string json)
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(bytes.AsMemory(0, bytes.Length / 2));
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
