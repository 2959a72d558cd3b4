public enum RouterPlaceholder {}
