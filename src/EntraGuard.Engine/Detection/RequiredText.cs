using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace EntraGuard.Detection
{
    /// <summary>
    /// Words a record's raw JSON must hold for a filter to be able to match it: the modified property or detail a
    /// condition reads, the value a condition wants. Checked before anything is decoded, so a rule on a frequent
    /// activity (Update user) costs little on the records without its property, not a decode. Every clause must
    /// hold; a clause holds when the record holds any of its words (ASCII case ignored). The name of the modified
    /// property a condition reads (a change, or a field path) is looked up among the names the reader noted as it
    /// walked the record's targets, when it did; other words are searched in the JSON, and a record with a <c>\u</c>
    /// escape could spell them in escapes (a word with a '/' also in <c>\/</c>), so for them it always may match.
    /// </summary>
    internal sealed class RequiredText
    {
        private readonly SearchWord[][] _clauses;

        // Set instead of clauses when any one of several requirements will do (the steps of a sequence that watch
        // one activity).
        private readonly RequiredText[]? _alternatives;

        private RequiredText(SearchWord[][] clauses) => _clauses = clauses;

        private RequiredText(RequiredText[] alternatives)
        {
            _clauses = Array.Empty<SearchWord[]>();
            _alternatives = alternatives;
        }

        /// <summary>The words as text, clause by clause (for tests and diagnostics).</summary>
        public IReadOnlyList<IReadOnlyList<string>> Clauses =>
            _clauses
                .Select(c => (IReadOnlyList<string>)c.Select(w => Encoding.ASCII.GetString(w.Bytes)).ToList())
                .ToList();

        /// <summary>What a filter requires; null when it requires nothing this can check.</summary>
        public static RequiredText? Of(EventFilter filter)
        {
            var clauses = filter.Where.SelectMany(ClausesOf).ToList();
            // Of alternatives, one must hold: the record must hold a word of one of them, if each needs one.
            var alternatives = filter.AnyOf.Select(p => ClausesOf(p).FirstOrDefault()).ToList();
            if (alternatives.Count > 0 && alternatives.All(a => a != null))
                clauses.Add(alternatives.SelectMany(a => a!).ToArray());
            return clauses.Count == 0 ? null : new RequiredText(clauses.ToArray());
        }

        /// <summary>What a record must hold to meet at least one of <paramref name="filters"/>; null when one of
        /// them requires nothing this can check.</summary>
        public static RequiredText? AnyOf(IEnumerable<EventFilter> filters)
        {
            var alternatives = new List<RequiredText>();
            foreach (var filter in filters)
            {
                if (Of(filter) is not { } text)
                    return null;
                alternatives.Add(text);
            }
            return alternatives.Count switch
            {
                0 => null,
                1 => alternatives[0],
                _ => new RequiredText(alternatives.ToArray()),
            };
        }

        /// <summary>
        /// This requirement with its clauses in the order to try them among <paramref name="uses"/>' requirements
        /// (those of the rules on one activity): the names of modified properties first (looked up, not searched),
        /// then the clauses whose words most of those requirements want, which a record is searched for once for
        /// all of them and whose absence rules them all out at once.
        /// </summary>
        public RequiredText InSearchOrder(IReadOnlyDictionary<SearchWord, int> uses)
        {
            if (_alternatives != null)
                return new RequiredText(_alternatives.Select(a => a.InSearchOrder(uses)).ToArray());
            return new RequiredText(
                _clauses
                    .OrderByDescending(clause =>
                        clause.All(w => w.IsModifiedProperty) ? int.MaxValue : clause.Min(w => uses[w])
                    )
                    .ToArray()
            );
        }

        /// <summary>How many of <paramref name="texts"/> want each word.</summary>
        public static Dictionary<SearchWord, int> WordUses(IEnumerable<RequiredText?> texts)
        {
            var uses = new Dictionary<SearchWord, int>();
            foreach (var text in texts)
            {
                foreach (var word in text?.Words().Distinct() ?? Enumerable.Empty<SearchWord>())
                    uses[word] = uses.TryGetValue(word, out var count) ? count + 1 : 1;
            }
            return uses;
        }

        /// <summary>Whether a record is asked for the name of a modified property it lists (which the reader notes
        /// as it walks the targets).</summary>
        public bool AsksModifiedPropertyNames => Words().Any(w => w.IsModifiedProperty);

        private IEnumerable<SearchWord> Words() =>
            _alternatives?.SelectMany(a => a.Words()) ?? _clauses.SelectMany(clause => clause);

        /// <summary>
        /// Whether the record may match (false only when some clause is surely absent), each search of the record done
        /// at most once however many rules ask for it (<paramref name="searches"/>, started for this record).
        /// </summary>
        public bool MayMatch(Ingest.RecordView record, RecordSearches searches)
        {
            if (_alternatives != null)
            {
                foreach (var alternative in _alternatives)
                {
                    if (alternative.MayMatch(record, searches))
                        return true;
                }
                return false;
            }
            foreach (var clause in _clauses)
            {
                var found = false;
                var searched = false;
                foreach (var word in clause)
                {
                    if (word.IsModifiedProperty && record.KnowsModifiedProperties)
                        found = record.MayListModifiedProperty(word.Bytes);
                    else
                        (found, searched) = (searches.Holds(word, record.Json), true);
                    if (found)
                        break;
                }
                if (found)
                    continue;
                if (!searched)
                    return false;
                if (!searches.MayHideWords(record) && !(HasSlash(clause) && searches.HasSlashEscape(record.Json)))
                    return false;
            }
            return true;
        }

        private static bool HasSlash(SearchWord[] clause)
        {
            foreach (var word in clause)
            {
                if (word.Bytes.AsSpan().IndexOf((byte)'/') >= 0)
                    return true;
            }
            return false;
        }

        // The clauses a record must meet for the condition to hold: the name of the modified property or detail it
        // reads (a JSON string in the record), and the values it wants (substrings of one). The first clause is the
        // name, when there is one.
        private static IEnumerable<SearchWord[]> ClausesOf(FieldPredicate predicate)
        {
            if (predicate.Change is { } change)
            {
                if (Word(change.Property) is { } property)
                    yield return new[] { SearchWord.Of(property, isModifiedProperty: true) };
                foreach (var (_, condition) in change.Tests)
                {
                    if (!condition.Negate && ValueWords(condition.Operator, condition.Operands) is { } wanted)
                        yield return wanted;
                }
                yield break;
            }
            if (predicate.Negate)
                yield break;
            var path = predicate.Field.Path;
            if (NamedPart(path, out var isModifiedProperty) is { } name && Word(name) is { } word)
                yield return new[] { SearchWord.Of(word, isModifiedProperty) };
            if (IsRawValue(path) && ValueWords(predicate.Operator, predicate.Operands) is { } values)
                yield return values;
            if (ActorObject(path) is { } actor)
                yield return new[] { SearchWord.ObjectProperty(actor) };
        }

        // The actor object (initiatedBy's user or app) a path reads, when every value it yields comes from that object:
        // a record without the object has none of them (the user's ipAddress is not one: diagnostic records fall back
        // to the caller's address).
        private static string? ActorObject(string path)
        {
            foreach (var actor in new[] { "user", "app" })
            {
                var prefix = $"initiatedBy.{actor}.";
                if (
                    path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase)
                    && !path.Equals(prefix + "ipAddress", StringComparison.OrdinalIgnoreCase)
                )
                    return actor;
            }
            return null;
        }

        private static SearchWord[]? ValueWords(string op, IReadOnlyList<string> operands)
        {
            if (op is not ("equals" or "in" or "contains" or "startswith"))
                return null;
            var words = operands.Select(Word).ToList();
            return words.All(w => w != null)
                ? words.Select(w => SearchWord.Of(w!, isModifiedProperty: false)).ToArray()
                : null;
        }

        // The detail's key or the modified property's name a path reads. A modified property is found by its name as
        // a change condition finds it, so the names the reader noted answer for it too: a lookup, where a search of
        // the record stopped at every letter of its anchor (Update application: four names, ten stops each).
        private static string? NamedPart(string path, out bool isModifiedProperty)
        {
            const string details = "additionalDetails.";
            const string modified = "].modifiedProperties.";
            isModifiedProperty = false;
            if (path.StartsWith(details, StringComparison.OrdinalIgnoreCase))
                return path.Substring(details.Length);
            var at = path.IndexOf(modified, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
                return null;
            isModifiedProperty = true;
            var tail = path.Substring(at + modified.Length);
            return tail.Substring(0, tail.LastIndexOf('.'));
        }

        // Fields whose value is a record string as written (derived facts such as the actor key, the group or the
        // credential counts are computed, so their values need not appear).
        private static bool IsRawValue(string path) =>
            path.StartsWith("targetResources[", StringComparison.OrdinalIgnoreCase)
            || path.StartsWith("initiatedBy.user.", StringComparison.OrdinalIgnoreCase)
            || path.StartsWith("initiatedBy.app.", StringComparison.OrdinalIgnoreCase)
            || path.Equals("userAgent", StringComparison.OrdinalIgnoreCase)
            || path.Equals("resultReason", StringComparison.OrdinalIgnoreCase)
            || path.Equals("category", StringComparison.OrdinalIgnoreCase)
            || path.Equals("loggedByService", StringComparison.OrdinalIgnoreCase);

        // Only printable ASCII words without a quote or backslash: JSON writes them as they are unless escaped (\u
        // for any character, \/ for '/'), so in a record without such escapes their absence is certain. User agents
        // (Dsreg/1.0) and modified-property values ([true]) are such words.
        private static byte[]? Word(string text)
        {
            if (text.Length < 3)
                return null;
            foreach (var c in text)
            {
                if (c is < ' ' or > '~' or '"' or '\\')
                    return null;
            }
            return Encoding.ASCII.GetBytes(text.ToLowerInvariant());
        }

        /// <summary>
        /// A lower-case ASCII word found ignoring case. The search runs on its rarest letter (frequent letters such as
        /// 'e' or 's' would stop a vectorized search every few bytes of JSON) and compares the rest around each hit.
        /// One per distinct word in the process, numbered, so that a record is searched for it once however many
        /// rules want it (a catalog's rules on one activity often want the same property or the same value).
        /// </summary>
        internal sealed class SearchWord
        {
            private const string CommonFirst = "etaoinsrlucdhmpfgwybvkxjqz";
            private static readonly Dictionary<(string Text, bool ModifiedProperty, bool ObjectValue), SearchWord> All =
                new();
            private readonly int _anchor;
            private readonly byte _lower,
                _upper;

            // Set for a quoted property name that counts only where an object follows it.
            private readonly bool _objectValue;

            private SearchWord(byte[] bytes, bool isModifiedProperty, bool objectValue, int number)
            {
                Bytes = bytes;
                IsModifiedProperty = isModifiedProperty;
                _objectValue = objectValue;
                Number = number;
                _anchor = Enumerable
                    .Range(0, bytes.Length)
                    .OrderByDescending(i => Rarity((char)bytes[i]))
                    .ThenBy(i => i)
                    .First();
                _lower = bytes[_anchor];
                _upper = (byte)char.ToUpperInvariant((char)_lower);
            }

            /// <summary>The word for these bytes and flags, made the first time it is asked for.</summary>
            public static SearchWord Of(byte[] bytes, bool isModifiedProperty, bool objectValue = false)
            {
                var key = (Encoding.ASCII.GetString(bytes), isModifiedProperty, objectValue);
                lock (All)
                {
                    if (!All.TryGetValue(key, out var word))
                        All.Add(key, word = new SearchWord(bytes, isModifiedProperty, objectValue, All.Count));
                    return word;
                }
            }

            /// <summary>A property <paramref name="name"/> whose value is an object (<c>"user": {</c>).</summary>
            public static SearchWord ObjectProperty(string name) =>
                Of(Encoding.ASCII.GetBytes($"\"{name}\""), isModifiedProperty: false, objectValue: true);

            public byte[] Bytes { get; }

            /// <summary>Its place among the words made so far (from 0), for <see cref="RecordSearches"/>.</summary>
            public int Number { get; }

            /// <summary>The display name of a modified property, which the reader may have noted.</summary>
            public bool IsModifiedProperty { get; }

            public bool In(ReadOnlySpan<byte> record)
            {
                var offset = 0;
                while (true)
                {
                    // A word anchored on a sign ('#' of #EXT#, searched in every group change) has one case: one
                    // compare a block instead of two.
                    var rest = record.Slice(offset);
                    var hit = _lower == _upper ? rest.IndexOf(_lower) : rest.IndexOfAny(_lower, _upper);
                    if (hit < 0)
                        return false;
                    var start = offset + hit - _anchor;
                    if (
                        start >= 0
                        && start + Bytes.Length <= record.Length
                        && Equal(record.Slice(start, Bytes.Length))
                        && (!_objectValue || OpensObject(record.Slice(start + Bytes.Length)))
                    )
                        return true;
                    offset += hit + 1;
                }
            }

            // ':' and '{' after the name, JSON whitespace around them.
            private static bool OpensObject(ReadOnlySpan<byte> rest)
            {
                var expected = (byte)':';
                foreach (var b in rest)
                {
                    if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
                        continue;
                    if (b != expected)
                        return false;
                    if (expected == (byte)'{')
                        return true;
                    expected = (byte)'{';
                }
                return false;
            }

            private bool Equal(ReadOnlySpan<byte> text)
            {
                for (var i = 0; i < Bytes.Length; i++)
                {
                    var b = text[i];
                    if (b != Bytes[i] && (b | 0x20) != Bytes[i])
                        return false;
                }
                return true;
            }

            // Letters by how common they are in English and JSON; digits and punctuation fill GUIDs, times and
            // addresses, so they count as the most common, and '#' or '@' as rarer than any letter.
            private static int Rarity(char c)
            {
                var rank = CommonFirst.IndexOf(c);
                return rank >= 0 ? rank
                    : c is '#' or '@' ? CommonFirst.Length
                    : -1;
            }
        }
    }

    /// <summary>
    /// The searches of one record so far, for <see cref="RequiredText.MayMatch(Ingest.RecordView, RecordSearches)"/>:
    /// each word's answer and whether the record has escapes, worked out once however many rules ask. One per
    /// reader or scan (not thread-safe), started again for each record.
    /// </summary>
    internal sealed class RecordSearches
    {
        private static readonly byte[] UnicodeEscape = Encoding.ASCII.GetBytes("\\u");
        private static readonly byte[] SlashEscape = Encoding.ASCII.GetBytes("\\/");

        // By word number: the record's stamp when the word was searched in it, and whether it was found.
        private int[] _searchedIn = new int[32];
        private bool[] _found = new bool[32];
        private int _record;
        private bool? _mayHideWords,
            _hasSlashEscape;

        /// <summary>Forgets the last record's answers: the next questions are about a new one.</summary>
        public void Start()
        {
            if (++_record == int.MaxValue)
            {
                Array.Clear(_searchedIn, 0, _searchedIn.Length);
                _record = 1;
            }
            _mayHideWords = _hasSlashEscape = null;
        }

        public bool Holds(RequiredText.SearchWord word, ReadOnlySpan<byte> json)
        {
            var number = word.Number;
            if (number >= _searchedIn.Length)
            {
                var size = Math.Max(number + 1, _searchedIn.Length * 2);
                Array.Resize(ref _searchedIn, size);
                Array.Resize(ref _found, size);
            }
            if (_searchedIn[number] != _record)
            {
                _found[number] = word.In(json);
                _searchedIn[number] = _record;
            }
            return _found[number];
        }

        /// <summary>Whether the record has a <c>\u</c> escape, which could spell any word.</summary>
        public bool MayHideWords(Ingest.RecordView record) =>
            _mayHideWords ??= !record.IsPlainText && record.Json.IndexOf(UnicodeEscape) >= 0;

        /// <summary>Whether the record has a <c>\/</c> escape, which could spell a word's '/'.</summary>
        public bool HasSlashEscape(ReadOnlySpan<byte> json) => _hasSlashEscape ??= json.IndexOf(SlashEscape) >= 0;
    }
}
