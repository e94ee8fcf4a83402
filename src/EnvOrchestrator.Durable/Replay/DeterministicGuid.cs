using System.Security.Cryptography;
using System.Text;

namespace EnvOrchestrator.Durable.Replay;

/// <summary>Name-based GUIDs: the same name always gives the same GUID (RFC 9562 layout, version 8).</summary>
internal static class DeterministicGuid
{
    public static Guid Create(string name)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(name), hash);
        var bytes = hash[..16];
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x80);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
