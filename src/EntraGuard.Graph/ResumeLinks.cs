using System;
using System.Globalization;
using System.Linq;
using EntraGuard.Collection;

namespace EntraGuard.Graph
{
    /// <summary>
    /// What the collectors read from a nextLink an interrupted run printed: whether it may be followed with this
    /// connection's token, its <c>$filter</c>, and the time bound in it (where the older part of the range starts).
    /// </summary>
    internal static class ResumeLinks
    {
        /// <summary>The link, once checked: absolute http(s), on the host this session sends its token to.</summary>
        public static string Check(GraphSession session, string link)
        {
            if (
                !Uri.TryCreate(link, UriKind.Absolute, out var uri)
                || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
            )
            {
                throw new ArgumentException(
                    $"The resume link '{link}' is not an absolute URL (pass the nextLink an interrupted run printed).",
                    "ResumeFrom"
                );
            }
            if (!session.IsAllowedHost(uri))
            {
                throw new ArgumentException(
                    $"The resume link points at {uri.Host}, not at this connection's Graph ({session.BaseUrl.Host}); "
                        + "the token is not sent there.",
                    "ResumeFrom"
                );
            }
            return link;
        }

        /// <summary>The link's <c>$filter</c>, unescaped, or null.</summary>
        public static string? FilterOf(string link)
        {
            foreach (var pair in new Uri(link).Query.TrimStart('?').Split('&'))
            {
                var equals = pair.IndexOf('=');
                if (equals < 0)
                    continue;
                var name = Uri.UnescapeDataString(pair.Substring(0, equals));
                if (string.Equals(name, "$filter", StringComparison.OrdinalIgnoreCase))
                    return Uri.UnescapeDataString(pair.Substring(equals + 1).Replace('+', ' '));
            }
            return null;
        }

        /// <summary>The lower time bound (<c>{timeProperty} ge …</c>) in a link's <c>$filter</c>, if any.</summary>
        public static DateTimeOffset? LowerBoundOf(string link, string timeProperty)
        {
            var filter = FilterOf(link);
            var marker = timeProperty + " ge ";
            var at = filter?.IndexOf(marker, StringComparison.OrdinalIgnoreCase) ?? -1;
            if (at < 0)
                return null;
            var text = new string(
                filter!.Substring(at + marker.Length).TakeWhile(c => !char.IsWhiteSpace(c) && c != ')').ToArray()
            );
            return DateTimeOffset.TryParse(
                text,
                CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal,
                out var bound
            )
                ? bound
                : null;
        }

        /// <summary>
        /// Graph's maximum page size is undocumented: whether an error is Graph refusing the <c>$top</c> asked for
        /// (a collection then falls back to Graph's default page size).
        /// </summary>
        public static bool RefusesPageSize(GraphRequestException error) =>
            error.Kind == GraphErrorKind.BadRequest
            && (
                error.Message.IndexOf("top", StringComparison.OrdinalIgnoreCase) >= 0
                || error.Message.IndexOf("page size", StringComparison.OrdinalIgnoreCase) >= 0
            );
    }
}
