using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using static EntraGuard.Ingest.JsonTokens;

namespace EntraGuard.Ingest
{
    /// <summary>
    /// Walks a sign-in record as the parser reads it: a Graph <c>signIn</c> object (v1.0 or beta), or a diagnostic
    /// record whose <c>properties</c> holds one, whose envelope (category, callerIpAddress, resultType) fills what the
    /// sign-in leaves out. The walk decodes only what the parser checks (id, time, which log the record is of) and
    /// notes where every other field's value starts: a <see cref="SignInEvent"/> keeps the record's bytes and decodes
    /// a field from there on first use, so reading sign-ins costs little more than walking their JSON.
    /// </summary>
    internal static class SignInRecordDecoder
    {
        internal enum Name
        {
            Unknown,
            Id,
            CreatedDateTime,
            UserId,
            UserPrincipalName,
            UserDisplayName,
            AppId,
            AppDisplayName,
            ServicePrincipalId,
            ServicePrincipalName,
            CredentialKeyId,
            CredentialThumbprint,
            IpAddress,
            UserAgent,
            ClientAppUsed,
            ResourceDisplayName,
            CorrelationId,
            Status,
            ErrorCode,
            FailureReason,
            SignInEventTypes,
            IsInteractive,
            Category,
            CallerIpAddress,
            ResultType,
            Properties,
            Time,
            ActivityDateTime,
            ActivityDisplayName,
        }

        internal static readonly Dictionary<string, Name> Names = new(StringComparer.OrdinalIgnoreCase)
        {
            ["id"] = Name.Id,
            ["createdDateTime"] = Name.CreatedDateTime,
            ["userId"] = Name.UserId,
            ["userPrincipalName"] = Name.UserPrincipalName,
            ["userDisplayName"] = Name.UserDisplayName,
            ["appId"] = Name.AppId,
            ["appDisplayName"] = Name.AppDisplayName,
            ["servicePrincipalId"] = Name.ServicePrincipalId,
            ["servicePrincipalName"] = Name.ServicePrincipalName,
            ["servicePrincipalCredentialKeyId"] = Name.CredentialKeyId,
            ["servicePrincipalCredentialThumbprint"] = Name.CredentialThumbprint,
            ["ipAddress"] = Name.IpAddress,
            ["userAgent"] = Name.UserAgent,
            ["clientAppUsed"] = Name.ClientAppUsed,
            ["resourceDisplayName"] = Name.ResourceDisplayName,
            ["correlationId"] = Name.CorrelationId,
            ["status"] = Name.Status,
            ["errorCode"] = Name.ErrorCode,
            ["failureReason"] = Name.FailureReason,
            ["signInEventTypes"] = Name.SignInEventTypes,
            ["isInteractive"] = Name.IsInteractive,
            ["category"] = Name.Category,
            ["callerIpAddress"] = Name.CallerIpAddress,
            ["resultType"] = Name.ResultType,
            ["properties"] = Name.Properties,
            ["time"] = Name.Time,
            // An audit record's own fields: they tell it apart from a sign-in, which the reader then sets aside.
            ["activityDateTime"] = Name.ActivityDateTime,
            ["activityDisplayName"] = Name.ActivityDisplayName,
        };

        // The names by length, lower-cased UTF-8: a record's thirty-odd property names are told apart by comparing a
        // few bytes, where making each a string and hashing it ignoring case was most of what decoding a sign-in cost.
        private static readonly (byte[] Lower, Name Name)[][] NamesByLength = IndexByLength();

        private static (byte[], Name)[][] IndexByLength()
        {
            var longest = 0;
            foreach (var name in Names.Keys)
                longest = Math.Max(longest, name.Length);
            var lists = new List<(byte[], Name)>[longest + 1];
            foreach (var entry in Names)
            {
                var bytes = System.Text.Encoding.ASCII.GetBytes(entry.Key.ToLowerInvariant());
                (lists[bytes.Length] ??= new List<(byte[], Name)>()).Add((bytes, entry.Value));
            }
            var index = new (byte[], Name)[longest + 1][];
            for (var length = 0; length <= longest; length++)
                index[length] = lists[length]?.ToArray() ?? Array.Empty<(byte[], Name)>();
            return index;
        }

        /// <summary>The field a property name stands for (ASCII case ignored, as <see cref="Names"/> does).</summary>
        internal static Name Lookup(ReadOnlySpan<byte> utf8)
        {
            if (utf8.Length >= NamesByLength.Length)
                return Name.Unknown;
            foreach (var (lower, name) in NamesByLength[utf8.Length])
            {
                if (EqualsLowerCaseLetters(utf8, lower))
                    return name;
            }
            return Name.Unknown;
        }

        // Every name is letters only: setting bit 0x20 lower-cases an ASCII letter and makes no other byte one, so the
        // comparison ignores case exactly, eight bytes at a time (a record's names cost most of the walk otherwise).
        private static bool EqualsLowerCaseLetters(ReadOnlySpan<byte> utf8, byte[] lower)
        {
            const ulong lowerBits = 0x2020202020202020UL;
            var i = 0;
            for (; i + 8 <= utf8.Length; i += 8)
            {
                var word = MemoryMarshal.Read<ulong>(utf8.Slice(i)) | lowerBits;
                if (word != MemoryMarshal.Read<ulong>(lower.AsSpan(i)))
                    return false;
            }
            for (; i < utf8.Length; i++)
            {
                if ((utf8[i] | 0x20) != lower[i])
                    return false;
            }
            return true;
        }

        /// <summary>
        /// Walks the record at the reader (on its StartObject) into <paramref name="record"/>, which the caller has
        /// cleared; <paramref name="envelopeLevel"/> is true for the record itself and false for a diagnostic
        /// record's <c>properties</c>. A field named twice is the last one's, as a decoder reading in order would say.
        /// </summary>
        internal static void Walk(ref Utf8JsonReader reader, Collected record, StringPool pool, bool envelopeLevel)
        {
            while (NextName(ref reader, record, out var name))
            {
                switch (name)
                {
                    case Name.Id:
                        record.HasId = HasIdAfter(ref reader, record.HasId);
                        // The id is the last one that is text (a null, object or array leaves the earlier one).
                        if (IsText(reader.TokenType))
                            record.Note(name, ref reader);
                        Skip(ref reader);
                        break;
                    case Name.CreatedDateTime:
                        record.CreatedDateTime = ParseTime(ref reader, out var bad) ?? record.CreatedDateTime;
                        record.BadTime ??= bad;
                        break;
                    case Name.ActivityDateTime:
                        var activityTime = ParseTime(ref reader, out var badActivityTime);
                        record.HasActivity |= activityTime != null;
                        record.BadTime ??= badActivityTime;
                        break;
                    case Name.ActivityDisplayName:
                        record.HasActivity |= IsText(reader.TokenType);
                        Skip(ref reader);
                        break;
                    case Name.Time when envelopeLevel:
                        record.EnvelopeTime = ParseTime(ref reader, out _);
                        break;
                    case Name.Category when envelopeLevel:
                        record.Category = ReadString(ref reader, pool);
                        break;
                    case var field when IsDecodedOnUse(field, envelopeLevel):
                        record.Note(name, ref reader);
                        Skip(ref reader);
                        break;
                    case Name.Status when reader.TokenType == JsonTokenType.StartObject:
                        Walk(ref reader, record, pool, envelopeLevel: false);
                        break;
                    case Name.Properties when envelopeLevel && reader.TokenType == JsonTokenType.StartObject:
                        record.IsDiagnosticRecord = true;
                        Walk(ref reader, record, pool, envelopeLevel: false);
                        break;
                    default:
                        Skip(ref reader);
                        break;
                }
            }
        }

        /// <summary>
        /// <see cref="Walk"/> over compact JSON (see <see cref="CompactJson"/>): the object at <paramref name="i"/>
        /// walked into <paramref name="record"/>, noting and decoding the same; past it, or
        /// <see cref="CompactJson.GiveUp"/> where <see cref="Walk"/> would decode through the reader (an escaped
        /// name or category, a time in another format). <paramref name="recordStart"/> is where the record starts.
        /// </summary>
        internal static int WalkCompact(
            ReadOnlySpan<byte> data,
            int i,
            int recordStart,
            Collected record,
            StringPool pool,
            UtcTimes times,
            bool envelopeLevel
        )
        {
            for (var first = true; ; first = false)
            {
                i = CompactJson.NextProperty(data, i, first, out var utf8Name, out var ended);
                if (i == CompactJson.GiveUp || ended)
                    return i;
                var name = record.NameOf(utf8Name);
                var isText = data[i] is not ((byte)'{' or (byte)'[' or (byte)'n');
                switch (name)
                {
                    case Name.Id:
                        var idEnd = CompactJson.SkipValue(data, i);
                        // As the reader's walk: a string counts when not empty, a number or a boolean counts.
                        record.HasId = isText ? data[i] != (byte)'"' || idEnd - i > 2 : record.HasId;
                        if (isText)
                            record.Note(name, i - recordStart);
                        i = idEnd;
                        break;
                    case Name.CreatedDateTime:
                        i = CompactJson.ReadTime(data, i, times, out var created);
                        record.CreatedDateTime = created ?? record.CreatedDateTime;
                        break;
                    case Name.ActivityDateTime:
                        i = CompactJson.ReadTime(data, i, times, out var activityTime);
                        record.HasActivity |= activityTime != null;
                        break;
                    case Name.ActivityDisplayName:
                        record.HasActivity |= isText;
                        i = CompactJson.SkipValue(data, i);
                        break;
                    case Name.Time when envelopeLevel:
                        i = CompactJson.ReadTime(data, i, times, out record.EnvelopeTime);
                        break;
                    case Name.Category when envelopeLevel:
                        i = CompactJson.ReadText(data, i, pool, out record.Category);
                        break;
                    case var field when IsDecodedOnUse(field, envelopeLevel):
                        record.Note(name, i - recordStart);
                        i = CompactJson.SkipValue(data, i);
                        break;
                    case Name.Status when data[i] == (byte)'{':
                        i = WalkCompact(data, i, recordStart, record, pool, times, envelopeLevel: false);
                        break;
                    case Name.Properties when envelopeLevel && data[i] == (byte)'{':
                        record.IsDiagnosticRecord = true;
                        i = WalkCompact(data, i, recordStart, record, pool, times, envelopeLevel: false);
                        break;
                    default:
                        i = CompactJson.SkipValue(data, i);
                        break;
                }
                if (i == CompactJson.GiveUp)
                    return CompactJson.GiveUp;
            }
        }

        /// <summary>Whether a field's value is decoded on first use, from where the walk noted it starts (the
        /// envelope's address and result only fill what a diagnostic record's sign-in leaves out).</summary>
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static bool IsDecodedOnUse(Name field, bool envelopeLevel) =>
            field switch
            {
                Name.CallerIpAddress or Name.ResultType => envelopeLevel,
                Name.UserId
                or Name.UserPrincipalName
                or Name.UserDisplayName
                or Name.AppId
                or Name.AppDisplayName
                or Name.ServicePrincipalId
                or Name.ServicePrincipalName
                or Name.CredentialKeyId
                or Name.CredentialThumbprint
                or Name.IpAddress
                or Name.UserAgent
                or Name.ClientAppUsed
                or Name.ResourceDisplayName
                or Name.CorrelationId
                or Name.ErrorCode
                or Name.FailureReason
                or Name.SignInEventTypes
                or Name.IsInteractive => true,
                _ => false,
            };

        private static bool IsText(JsonTokenType token) =>
            token is JsonTokenType.String or JsonTokenType.Number or JsonTokenType.True or JsonTokenType.False;

        /// <summary>
        /// The text of the value starting at <paramref name="at"/> in <paramref name="record"/> (-1: the field was
        /// not there): strings as decoded, numbers and booleans as their JSON, null for null, objects and arrays.
        /// </summary>
        internal static string? Text(byte[] record, int at, bool pooled = true)
        {
            if (at < 0)
                return null;
            var reader = ValueAt(record, at);
            if (!IsText(reader.TokenType))
                return null;
            if (reader.TokenType == JsonTokenType.String && reader.ValueIsEscaped)
                return GetStringOrNull(ref reader);
            return pooled ? StringPool.OfThisThread.Get(reader.ValueSpan) : StringPool.Decode(reader.ValueSpan);
        }

        /// <summary>The first text of the array starting at <paramref name="at"/> (Graph lists one event type a
        /// sign-in); null for anything else.</summary>
        internal static string? FirstText(byte[] record, int at)
        {
            if (at < 0)
                return null;
            var reader = ValueAt(record, at);
            return FirstString(ref reader, StringPool.OfThisThread);
        }

        /// <summary>Whether the value at <paramref name="at"/> is true; null when the field was not there.</summary>
        internal static bool? Flag(byte[] record, int at) =>
            at < 0 ? null : ValueAt(record, at).TokenType == JsonTokenType.True;

        // The record was read whole and checked, so the value and everything after it is well-formed JSON: a reader
        // starting there sees the value as a document of its own.
        private static Utf8JsonReader ValueAt(byte[] record, int at)
        {
            var reader = new Utf8JsonReader(new ReadOnlySpan<byte>(record, at, record.Length - at));
            reader.Read();
            return reader;
        }

        private static bool NextName(ref Utf8JsonReader reader, Collected record, out Name name)
        {
            Read(ref reader);
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                name = Name.Unknown;
                return false;
            }
            name = record.NameOf(PropertyName(ref reader));
            Read(ref reader);
            return true;
        }

        /// <summary>The first string of an array (Graph lists one event type a sign-in); null for anything
        /// else.</summary>
        private static string? FirstString(ref Utf8JsonReader reader, StringPool pool)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                Skip(ref reader);
                return null;
            }
            string? first = null;
            while (true)
            {
                Read(ref reader);
                if (reader.TokenType == JsonTokenType.EndArray)
                    return first;
                var value = ReadString(ref reader, pool);
                first ??= value;
            }
        }

        /// <summary>
        /// What the walk of one record found: what the parser checks, and where each other field's value starts. A
        /// parser keeps one and clears it for each record.
        /// </summary>
        internal sealed class Collected
        {
            private static readonly int FieldCount = Enum.GetValues(typeof(Name)).Length;

            private int[] _at = new int[FieldCount];
            private long _recordStart;

            // The names of the last records walked, by their place in the walk (nested objects included): records of
            // one export name their fields in one order, so a name is most often the bytes met at its place before,
            // which one comparison confirms, cheaper than a lookup.
            private const int RememberedNames = 64;
            private const int RememberedLength = 48; // longer names are looked up each time
            private readonly byte[] _nameBytes = new byte[RememberedNames * RememberedLength];
            private readonly int[] _nameLengths = new int[RememberedNames];
            private readonly Name[] _names = new Name[RememberedNames];
            private int _nameIndex;
            public bool HasId,
                HasActivity,
                IsDiagnosticRecord;
            public DateTimeOffset? CreatedDateTime,
                EnvelopeTime;
            public string? BadTime,
                Category;

            /// <summary>The log a diagnostic record belongs to: its top-level category.</summary>
            public string? LogCategory => IsDiagnosticRecord ? Category : null;

            /// <summary>Starts on the record whose StartObject the reader found at
            /// <paramref name="recordStart"/>.</summary>
            public void Clear(long recordStart)
            {
                _recordStart = recordStart;
                _nameIndex = 0;
                _at.AsSpan().Fill(-1);
                HasId = HasActivity = IsDiagnosticRecord = false;
                CreatedDateTime = EnvelopeTime = null;
                BadTime = Category = null;
            }

            /// <summary>The field the next property name of the walk stands for.</summary>
            public Name NameOf(ReadOnlySpan<byte> utf8)
            {
                var index = _nameIndex++;
                if (index >= RememberedNames || utf8.Length > RememberedLength)
                    return Lookup(utf8);
                var remembered = new Span<byte>(_nameBytes, index * RememberedLength, RememberedLength);
                if (_nameLengths[index] == utf8.Length && utf8.SequenceEqual(remembered.Slice(0, utf8.Length)))
                    return _names[index];
                var name = Lookup(utf8);
                utf8.CopyTo(remembered);
                _nameLengths[index] = utf8.Length;
                _names[index] = name;
                return name;
            }

            /// <summary>Notes that the value at the reader is the record's <paramref name="name"/>.</summary>
            public void Note(Name name, ref Utf8JsonReader reader) =>
                Note(name, (int)(reader.TokenStartIndex - _recordStart));

            /// <summary>Notes that the record's <paramref name="name"/> is the value at
            /// <paramref name="offset"/> of its bytes.</summary>
            public void Note(Name name, int offset) => _at[(int)name] = offset;

            /// <summary>The sign-in of the record, whose bytes are <paramref name="record"/>: it takes the offsets
            /// noted, and this starts a fresh set.</summary>
            public SignInEvent ToSignIn(byte[] record, DateTimeOffset time, string source)
            {
                var signIn = new SignInEvent(record, _at, IsDiagnosticRecord ? Category : null, time, source);
                _at = new int[FieldCount]; // marked absent by Clear, before the next walk
                return signIn;
            }
        }
    }
}
