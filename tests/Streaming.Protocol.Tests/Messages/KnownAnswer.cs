using System.Text;
using Streaming.Protocol.Messages;
using Xunit;

namespace Streaming.Protocol.Tests.Messages;

/// <summary>Builds expected wire bytes by hand from the spec and checks decoding and encoding against them.</summary>
internal static class KnownAnswer
{
    /// <summary>Hex with spaces allowed; <c>'text'</c> is the ASCII of text.</summary>
    public static byte[] Bytes(string spec)
    {
        var hex = new StringBuilder();
        for (int i = 0; i < spec.Length; i++)
        {
            char c = spec[i];
            if (c == '\'')
            {
                int end = spec.IndexOf('\'', i + 1);
                hex.Append(Convert.ToHexString(Encoding.ASCII.GetBytes(spec[(i + 1)..end])));
                i = end;
            }
            else if (!char.IsWhiteSpace(c))
            {
                hex.Append(c);
            }
        }
        return Convert.FromHexString(hex.ToString());
    }

    public static void Check<T>(string spec, short version, T expected) where T : IKafkaMessage<T>
    {
        byte[] bytes = Bytes(spec);
        T decoded = KafkaMessage.Decode<T>(bytes, version);
        DeepEquality.AssertEqual(expected, decoded);
        Assert.Equal(Convert.ToHexString(bytes), Convert.ToHexString(KafkaMessage.Encode(expected, version)));
    }
}
