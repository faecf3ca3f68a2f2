namespace Streaming;

/// <summary>Which part of a record a serializer is working on.</summary>
public enum MessageComponentType
{
    Key = 1,
    Value = 2,
}
