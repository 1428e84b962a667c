'use client';
// A titled card: a section (or a form) named by its own heading, with room in the header for
// badges and buttons. The heading id comes from useId, so two cards never share one.
import { type ComponentProps, type FormEvent, type ReactNode, useId } from 'react';

interface CardHeaderProps {
  title: ReactNode;
  /** The heading's id, for the card's aria-labelledby. */
  id?: string;
  className?: string;
  /** After the title: badges, counts, toolbars. */
  children?: ReactNode;
}

export function CardHeader({ title, id, className, children }: CardHeaderProps) {
  return (
    <header className={className ? `card-header ${className}` : 'card-header'}>
      <h2 id={id}>{title}</h2>
      {children}
    </header>
  );
}

interface CardProps extends Omit<ComponentProps<'section'>, 'title'> {
  title: ReactNode;
  headerExtra?: ReactNode;
  headerClassName?: string;
  testId?: string;
}

export function Card({
  title,
  headerExtra,
  headerClassName,
  className,
  testId,
  children,
  ...rest
}: CardProps) {
  const titleId = useId();
  return (
    <section
      className={className ? `card ${className}` : 'card'}
      aria-labelledby={titleId}
      data-testid={testId}
      {...rest}
    >
      <CardHeader title={title} id={titleId} className={headerClassName}>
        {headerExtra}
      </CardHeader>
      {children}
    </section>
  );
}

interface FormCardProps {
  title: string;
  headerExtra?: ReactNode;
  className?: string;
  testId: string;
  /** Called without the browser's own submit or validation (the forms validate themselves). */
  onSubmit: () => void;
  children: ReactNode;
}

export function FormCard({ title, headerExtra, className, testId, onSubmit, children }: FormCardProps) {
  const titleId = useId();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form
      className={className ? `card ${className}` : 'card'}
      onSubmit={submit}
      noValidate
      aria-labelledby={titleId}
      data-testid={testId}
    >
      <CardHeader title={title} id={titleId}>
        {headerExtra}
      </CardHeader>
      {children}
    </form>
  );
}
