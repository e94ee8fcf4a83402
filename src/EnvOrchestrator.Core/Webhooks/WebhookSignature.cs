using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EnvOrchestrator.Core.Webhooks;

/// <summary>
/// Signs requests as the Standard Webhooks specification does: headers <c>webhook-id</c>, <c>webhook-timestamp</c>
/// (Unix seconds) and <c>webhook-signature: v1,BASE64</c>, the HMAC-SHA256 of <c>id.timestamp.body</c> keyed with the
/// secret's bytes (the base64 after <c>whsec_</c>). Receivers check it with any Standard Webhooks library, and reject
/// old timestamps to stop replays.
/// </summary>
public static class WebhookSignature
{
    public const string Prefix = "whsec_";

    public static string NewSecret() => Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string Sign(string secret, string id, DateTimeOffset timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        var key = Convert.FromBase64String(secret.StartsWith(Prefix, StringComparison.Ordinal) ? secret[Prefix.Length..] : secret);
        var signed = Encoding.UTF8.GetBytes($"{id}.{timestamp.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}.");
        var message = new byte[signed.Length + body.Length];
        signed.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(signed.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, message));
    }

    /// <summary>True when <paramref name="signatureHeader"/> holds a <c>v1</c> signature of the request (constant-time compare).</summary>
    public static bool Verify(string secret, string id, DateTimeOffset timestamp, ReadOnlySpan<byte> body, string signatureHeader)
    {
        ArgumentNullException.ThrowIfNull(signatureHeader);
        var expected = Encoding.ASCII.GetBytes(Sign(secret, id, timestamp, body));
        return signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(s => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(s), expected));
    }

    /// <summary>Whether <paramref name="secret"/> is a usable key: <c>whsec_</c> and 24–64 bytes in base64.</summary>
    public static bool IsValidSecret(string secret)
    {
        if (secret is null || !secret.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var buffer = new byte[secret.Length];
        return Convert.TryFromBase64String(secret[Prefix.Length..], buffer, out var length) && length is >= 24 and <= 64;
    }
}
