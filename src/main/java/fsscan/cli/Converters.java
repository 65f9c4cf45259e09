package fsscan.cli;

import fsscan.query.Amounts;
import picocli.CommandLine;

/** What people type for sizes, counts and ages, checked when the command line is read. */
final class Converters {

    private Converters() {
    }

    /** 10G, 1.5TiB, 500MB, 4096. */
    static final class Size implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return Amounts.bytes(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** 1500, 10k, 2M. */
    static final class Count implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return Amounts.count(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** YYYY-MM-DD or an age (3yrs, 6mo, 2w, 90d): kept as typed, each scan counts back from its own date. */
    static final class DateOrAge implements CommandLine.ITypeConverter<String> {
        @Override
        public String convert(String value) {
            try {
                Amounts.instant(value, 0);
                return value;
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
