using System;
using System.Text;

namespace EntraGuard.Ingest
{
    /// <summary>
    /// A small lossy intern table for the short strings audit logs repeat endlessly (activity names, categories,
    /// actor and target ids, property names). A hit returns the same string instance without decoding or allocating;
    /// a miss decodes and takes the slot. One pool per reader, so no locking.
    /// </summary>
    internal sealed class StringPool
    {
        public const int MaxLength = 96;
        private const int Size = 8192; // power of two
        private readonly byte[]?[] _bytes = new byte[Size][];
        private readonly string?[] _strings = new string[Size];

        public string Get(ReadOnlySpan<byte> utf8)
        {
            if (utf8.Length == 0) return "";
            if (utf8.Length > MaxLength) return Decode(utf8);

            // FNV-1a: cheap and good enough for a table that tolerates collisions.
            uint hash = 2166136261;
            foreach (var b in utf8) hash = (hash ^ b) * 16777619;
            var slot = (int)(hash & (Size - 1));

            var known = _bytes[slot];
            if (known != null && utf8.SequenceEqual(known)) return _strings[slot]!;

            var value = Decode(utf8);
            _bytes[slot] = utf8.ToArray();
            _strings[slot] = value;
            return value;
        }

        internal static unsafe string Decode(ReadOnlySpan<byte> utf8)
        {
            if (utf8.IsEmpty) return "";
            fixed (byte* p = utf8) return Encoding.UTF8.GetString(p, utf8.Length);
        }
    }
}
