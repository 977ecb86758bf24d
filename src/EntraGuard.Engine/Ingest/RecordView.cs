using System;

namespace EntraGuard.Ingest
{
    /// <summary>
    /// A record as <see cref="AuditReadOptions.KeepRecord"/> sees it: its raw JSON (UTF-8, as read) and, when the
    /// reader walked them, the display names of the modified properties its targets list.
    /// </summary>
    public readonly ref struct RecordView
    {
        private readonly ListedPropertyNames? _names;

        /// <summary>A record known only by its JSON: every modified property may be listed in it.</summary>
        public RecordView(ReadOnlySpan<byte> json)
            : this(json, null, plainText: false) { }

        internal RecordView(ReadOnlySpan<byte> json, ListedPropertyNames? names, bool plainText)
        {
            Json = json;
            _names = names;
            IsPlainText = plainText;
        }

        public ReadOnlySpan<byte> Json { get; }

        /// <summary>Whether the reader saw that the record is ASCII without a <c>\u</c> escape (false when it did not
        /// look).</summary>
        internal bool IsPlainText { get; }

        /// <summary>Whether the reader walked the record's modified property names (see <see
        /// cref="MayListModifiedProperty"/>).</summary>
        internal bool KnowsModifiedProperties => _names != null;

        /// <summary>
        /// Whether some target of the record may list a modified property of this name (lower-case ASCII, compared
        /// ignoring ASCII case as the decoded names are): true unless the reader walked the names and none is it.
        /// </summary>
        internal bool MayListModifiedProperty(byte[] lowerCaseName) => _names?.MayList(Json, lowerCaseName) ?? true;
    }

    /// <summary>
    /// The display names of the modified properties a record's targets list, noted where they sit in the record's
    /// JSON as the reader walks past them. A name written with escapes, or as anything but a plain ASCII string,
    /// could decode to any name (ignoring case, 'ı' is 'I'), so it makes every name possible. One per reader,
    /// cleared for each record.
    /// </summary>
    internal sealed class ListedPropertyNames
    {
        private int[] _starts = new int[8],
            _lengths = new int[8];
        private int _count;
        private bool _anyName;

        public void Clear()
        {
            _count = 0;
            _anyName = false;
        }

        /// <summary>A name written as a plain string at <paramref name="start"/> of the record's JSON.</summary>
        public void Add(int start, ReadOnlySpan<byte> name)
        {
            foreach (var b in name)
            {
                if (b >= 0x80)
                {
                    _anyName = true;
                    return;
                }
            }
            if (_count == _starts.Length)
            {
                Array.Resize(ref _starts, _count * 2);
                Array.Resize(ref _lengths, _count * 2);
            }
            _starts[_count] = start;
            _lengths[_count++] = name.Length;
        }

        /// <summary>A name the reader cannot tell without decoding it (escaped, a number, …).</summary>
        public void AddUnknown() => _anyName = true;

        public bool MayList(ReadOnlySpan<byte> json, byte[] lowerCaseName)
        {
            if (_anyName)
                return true;
            for (var i = 0; i < _count; i++)
            {
                if (
                    _lengths[i] == lowerCaseName.Length
                    && EqualIgnoringAsciiCase(json.Slice(_starts[i]), lowerCaseName)
                )
                    return true;
            }
            return false;
        }

        private static bool EqualIgnoringAsciiCase(ReadOnlySpan<byte> text, byte[] lowerCase)
        {
            for (var i = 0; i < lowerCase.Length; i++)
            {
                var b = text[i];
                if ((b is >= (byte)'A' and <= (byte)'Z' ? (byte)(b | 0x20) : b) != lowerCase[i])
                    return false;
            }
            return true;
        }
    }
}
