namespace Streaming.Protocol.Messages;

/// <summary>A structure of the Kafka protocol (a message or an array element) that reads and writes itself at a version.</summary>
/// <typeparam name="TSelf">The implementing type.</typeparam>
public interface IProtocolStruct<TSelf> where TSelf : IProtocolStruct<TSelf>
{
    /// <summary>Reads the structure as encoded at <paramref name="version"/> of its message.</summary>
    /// <exception cref="ProtocolException">The bytes are truncated or malformed, or the version is not supported.</exception>
    static abstract TSelf Read(ref ProtocolReader reader, short version);

    /// <summary>Writes the structure as encoded at <paramref name="version"/> of its message.</summary>
    /// <exception cref="ProtocolException">
    /// The version is not supported, a non-ignorable field the version lacks holds a non-default value, or a
    /// non-nullable field is null.
    /// </exception>
    void Write(ref ProtocolWriter writer, short version);
}
