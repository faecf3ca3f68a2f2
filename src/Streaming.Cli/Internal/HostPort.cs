using System.Globalization;

namespace Streaming.Cli.Internal;

/// <summary>A HOST:PORT pair as the tool's options take it.</summary>
internal readonly record struct HostPort(string Host, int Port)
{
    /// <summary>Parses "HOST:PORT" (IPv6 hosts in brackets); null with <paramref name="error"/> naming the value when malformed.</summary>
    public static HostPort? TryParse(string text, out string? error)
    {
        error = null;
        int colon = text.LastIndexOf(':');
        if (colon <= 0 || colon == text.Length - 1)
        {
            error = $"'{text}' is not HOST:PORT";
            return null;
        }
        string host = text[..colon].Trim('[', ']');
        if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
        {
            error = $"'{text}' has an invalid port '{text[(colon + 1)..]}': it must be a number from 0 to 65535";
            return null;
        }
        return new HostPort(host, port);
    }

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}
