using System;
using System.Runtime.InteropServices;
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

        [ThreadStatic]
        private static StringPool? _ofThisThread;

        /// <summary>A pool for work that may run on any thread (an event decoded by a pipeline or a
        /// formatter).</summary>
        public static StringPool OfThisThread => _ofThisThread ??= new StringPool();
        private const int Size = 8192; // power of two
        private readonly byte[]?[] _bytes = new byte[Size][];
        private readonly string?[] _strings = new string[Size];

        public string Get(ReadOnlySpan<byte> utf8)
        {
            if (utf8.Length == 0)
                return "";
            if (utf8.Length > MaxLength)
                return Decode(utf8);

            var slot = (int)(Hash(utf8) & (Size - 1));

            var known = _bytes[slot];
            if (known != null && utf8.SequenceEqual(known))
                return _strings[slot]!;

            var value = Decode(utf8);
            _bytes[slot] = utf8.ToArray();
            _strings[slot] = value;
            return value;
        }

        // Length plus the first and last eight bytes: O(1) whatever the length, and distinct for the values audit logs
        // repeat (GUIDs, UPNs and activity names differ at one end or the other). A collision only costs a miss.
        private static ulong Hash(ReadOnlySpan<byte> utf8)
        {
            ulong head,
                tail;
            if (utf8.Length >= 8)
            {
                head = MemoryMarshal.Read<ulong>(utf8);
                tail = MemoryMarshal.Read<ulong>(utf8.Slice(utf8.Length - 8));
            }
            else
            {
                head = 0;
                foreach (var b in utf8)
                    head = (head << 8) | b;
                tail = head;
            }
            var hash = (head * 0x9E3779B97F4A7C15UL) ^ (tail * 0xC2B2AE3D27D4EB4FUL) ^ (ulong)utf8.Length;
            return hash ^ (hash >> 29);
        }

        internal static unsafe string Decode(ReadOnlySpan<byte> utf8)
        {
            if (utf8.IsEmpty)
                return "";
            fixed (byte* p = utf8)
                return Encoding.UTF8.GetString(p, utf8.Length);
        }
    }
}
