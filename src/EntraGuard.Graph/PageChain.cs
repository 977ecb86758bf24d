using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using EntraGuard.Collection;
using Microsoft.Kiota.Abstractions;

namespace EntraGuard.Graph
{
    /// <summary>One page of a Graph collection: its items and the link to the next page, if any.</summary>
    internal sealed class Page<T>
    {
        public Page(IReadOnlyList<T> items, string? nextLink)
        {
            Items = items;
            NextLink = nextLink;
        }

        public IReadOnlyList<T> Items { get; }
        public string? NextLink { get; }
    }

    /// <summary>
    /// Follows a Graph collection from its first request (or a link) through every <c>@odata.nextLink</c>, exactly as
    /// given, a whole page at a time (see <see cref="PageReader"/>). Stops with a protocol error on a link already
    /// followed (a loop) or on an endless run of empty pages. <see cref="CurrentLink"/> is where a resume would start.
    /// </summary>
    internal sealed class PageChain<T>
    {
        private readonly GraphSession _session;
        private readonly PageReader _reader;
        private readonly Func<Stream, Page<T>> _parse;
        private readonly CollectionObserver _observer;

        // The first request's Prefer and ConsistencyLevel go with every nextLink, as Graph's own page iterator sends
        // them: without Prefer: include-unknown-enum-members a later page hides newer enum members. Only these two:
        // the request's headers also gain Authorization on the way out, which a link to another host must not get.
        private static readonly string[] FollowedHeaders = { "Prefer", "ConsistencyLevel" };
        private readonly List<KeyValuePair<string, string>> _followedHeaders = new();

        public PageChain(
            GraphSession session,
            string operation,
            string permissions,
            Func<Stream, Page<T>> parse,
            CollectionObserver observer,
            bool retryServerAnswers = true
        )
        {
            _session = session;
            _reader = new PageReader(session, operation, permissions, retryServerAnswers);
            _parse = parse;
            _observer = observer;
        }

        /// <summary>The link of the page being read, null while reading a first request.</summary>
        public string? CurrentLink { get; private set; }

        /// <summary>Pages read so far, over every chain followed.</summary>
        public int Pages { get; private set; }

        /// <param name="first">Builds the first request when <paramref name="link"/> is null.</param>
        /// <param name="link">A link to start from instead (a resume).</param>
        /// <param name="onPage">Receives each page once it is complete.</param>
        /// <param name="firstRejected">May adjust the first request after Graph refused it; true to ask again.</param>
        /// <param name="cancellationToken">Stops between and during requests.</param>
        public async Task FollowAsync(
            Func<RequestInformation> first,
            string? link,
            Action<Page<T>> onPage,
            Func<GraphRequestException, bool>? firstRejected,
            CancellationToken cancellationToken
        )
        {
            var followed = new HashSet<string>(StringComparer.Ordinal);
            var emptyInARow = 0;
            CurrentLink = link;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var page = await ReadAsync(first, CurrentLink, firstRejected, cancellationToken).ConfigureAwait(false);
                Pages++;
                onPage(page);

                if (page.NextLink is null)
                    return;
                if (CurrentLink != null)
                    followed.Add(CurrentLink);
                if (!followed.Add(page.NextLink))
                {
                    throw new GraphRequestException(
                        GraphErrorKind.Protocol,
                        $"Graph returned a nextLink that was already followed, which would repeat pages forever; "
                            + $"stopped after {Pages} page(s). Link: {page.NextLink}"
                    );
                }
                emptyInARow = page.Items.Count == 0 ? emptyInARow + 1 : 0;
                if (emptyInARow > _session.Settings.MaxConsecutiveEmptyPages)
                {
                    throw new GraphRequestException(
                        GraphErrorKind.Protocol,
                        $"Graph returned {emptyInARow} empty pages in a row, each with another nextLink; stopped "
                            + $"to avoid paging forever."
                    );
                }
                CurrentLink = page.NextLink;
            }
        }

        private async Task<Page<T>> ReadAsync(
            Func<RequestInformation> first,
            string? link,
            Func<GraphRequestException, bool>? firstRejected,
            CancellationToken cancellationToken
        )
        {
            while (true)
            {
                try
                {
                    return await _reader
                        .ReadAsync(
                            () => link is null ? Remembered(first()) : FollowUp(link),
                            _parse,
                            (error, delay) =>
                                _observer.Verbose?.Invoke($"{error.Message} Retrying in {delay.TotalSeconds:0.#} s."),
                            cancellationToken
                        )
                        .ConfigureAwait(false);
                }
                catch (GraphRequestException error) when (link is null && firstRejected != null && firstRejected(error))
                {
                    // the first request was adjusted: ask again
                }
            }
        }

        private RequestInformation Remembered(RequestInformation request)
        {
            _followedHeaders.Clear();
            foreach (var name in FollowedHeaders)
            {
                if (request.Headers.TryGetValue(name, out var values))
                    _followedHeaders.AddRange(values.Select(value => new KeyValuePair<string, string>(name, value)));
            }
            return request;
        }

        private RequestInformation FollowUp(string link)
        {
            var request = GraphSession.GetRequest(link);
            foreach (var header in _followedHeaders)
                request.Headers.Add(header.Key, header.Value);
            return request;
        }
    }
}
