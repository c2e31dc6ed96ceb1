package dev.novelkit.core.io;

import dev.novelkit.core.InvalidInputException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Says what went wrong with a local file in words: Java's file exceptions often carry only a path
 * ({@code AccessDeniedException: /out/x.wav}), so every message NovelKit shows about a file goes through here and
 * names the path and the reason ("permission denied", "read-only file system", "is a file, a folder is needed
 * there"). A local file problem is an {@link InvalidInputException} naming the path (exit code 2 in the CLI).
 */
public final class FileProblems {
    private FileProblems() {
    }

    /** {@code path} could not be written: an {@link InvalidInputException} naming it and the reason. */
    public static InvalidInputException writing(Path path, IOException e) {
        return new InvalidInputException(path.toString(), "cannot write: " + reason(path, e), e);
    }

    /** {@code path} could not be read: an {@link InvalidInputException} naming it and the reason. */
    public static InvalidInputException reading(Path path, IOException e) {
        return new InvalidInputException(path.toString(), "cannot read: " + reason(path, e), e);
    }

    /** The folder {@code dir} could not be created or used: an {@link InvalidInputException} with the reason. */
    public static InvalidInputException folder(Path dir, IOException e) {
        String reason = reason(dir, e);
        return new InvalidInputException(dir.toString(), reason.startsWith("is ") ? reason
                : "cannot create the folder: " + reason, e);
    }

    /** An I/O error from anywhere, in one line that names the file involved and the reason. */
    public static String describe(Throwable e) {
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            e = u.getCause();
        }
        if (e instanceof FileSystemException f && f.getFile() != null) {
            return f.getFile() + ": " + reason(null, f);
        }
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    /**
     * The reason alone, in words; when the exception is about another path than {@code subject} (a parent folder
     * that is a file, say), that path is named too.
     */
    public static String reason(Path subject, IOException e) {
        String what;
        if (e instanceof AccessDeniedException) {
            what = "permission denied";
        } else if (e instanceof NoSuchFileException) {
            what = "no such file or folder";
        } else if (e instanceof FileAlreadyExistsException f) {
            what = f.getFile() != null && Files.isRegularFile(Path.of(f.getFile()), LinkOption.NOFOLLOW_LINKS)
                    ? "is a file, a folder is needed there" : "already exists";
        } else if (e instanceof NotDirectoryException) {
            what = "is not a folder";
        } else if (e instanceof DirectoryNotEmptyException) {
            what = "is a folder that is not empty";
        } else if (e instanceof FileSystemLoopException) {
            what = "symbolic links loop";
        } else if (e instanceof FileSystemException f && f.getReason() != null) {
            what = lowerFirst(f.getReason());
        } else {
            String message = e.getMessage();
            what = message == null || message.isBlank() ? e.getClass().getSimpleName() : lowerFirst(message);
        }
        if (e instanceof FileSystemException f && f.getFile() != null && subject != null
                && Path.of(f.getFile()).toAbsolutePath().equals(subject.toAbsolutePath()) && what.startsWith("is ")) {
            return what.equals("is a file, a folder is needed there") ? "is a file, not a folder" : what;
        }
        if (e instanceof FileSystemException f && f.getFile() != null
                && (subject == null || !Path.of(f.getFile()).toAbsolutePath().equals(subject.toAbsolutePath()))
                && !what.contains(f.getFile())) {
            if (subject == null) {
                return what;
            }
            Path file = Path.of(f.getFile()).toAbsolutePath();
            Path dir = subject.toAbsolutePath().getParent();
            if (dir != null && dir.equals(file.getParent()) && file.getFileName().toString().startsWith(".")) {
                // a temporary file beside the subject: the folder is what matters
                return what + " (in the folder " + dir + ")";
            }
            return what.startsWith("is ") ? f.getFile() + " " + what : what + " (" + f.getFile() + ")";
        }
        return what;
    }

    private static String lowerFirst(String s) {
        s = s.strip();
        if (s.length() > 1 && Character.isUpperCase(s.charAt(0)) && Character.isLowerCase(s.charAt(1))) {
            return s.substring(0, 1).toLowerCase(Locale.ROOT) + s.substring(1);
        }
        return s;
    }
}
